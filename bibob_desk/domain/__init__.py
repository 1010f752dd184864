"""Plain-Python case-file model. Standard library only: no Qt, no database, no third parties."""
