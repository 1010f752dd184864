"""One presentation of the case file (sections of typed rows) for screen, PDF and workbook. Pure."""
