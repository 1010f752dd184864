"""Validators for Dutch identifiers and the password policy. They never raise."""
