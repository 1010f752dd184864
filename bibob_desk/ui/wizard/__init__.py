"""The questionnaire wizard: pages per section, repeat-group editors, autosave."""
