"""Encrypted case store: SQLCipher 4 via sqlcipher3, SQLAlchemy/sqlmodel above it.

SQLite-specific features (pragmas, FTS5, cipher checks) stay inside this package so the same
schema can later run elsewhere without touching the other layers.
"""
