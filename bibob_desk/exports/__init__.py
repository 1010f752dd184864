"""Exports: memo PDFs (reportlab), the LBB request package (ZIP + manifest), the Excel dossier (openpyxl)."""
