"""Use cases the UI and the CLI call. They return what changed so screens can refresh."""
