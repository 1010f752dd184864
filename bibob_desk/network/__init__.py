"""Beyond the single case (issue 9): recognising the same person, company or address in other cases.

Pure logic over the domain model (no database, no Qt); the services feed it cases and store what the
officer judges. Nothing is ever merged automatically.
"""
