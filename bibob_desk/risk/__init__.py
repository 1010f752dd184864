"""Risk indicators: the catalogue (data), facts over the case file, evaluation with evidence."""
