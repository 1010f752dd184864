"""Questionnaires as data: load and validate forms/*.yaml; pure session logic; binds into the dossier."""
