"""PDF (reportlab) and Excel (openpyxl) output. No Qt here."""
