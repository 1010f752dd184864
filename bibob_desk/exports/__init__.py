"""Exports: memo PDFs (reportlab), the LBB request package (ZIP + manifest), the Excel dossier (openpyxl)."""

# Constants the services need without loading reportlab, openpyxl or pdfium at start-up.
BASIS, VOLLEDIG = "basis", "volledig"
