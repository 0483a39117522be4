"""Printed output (PDF, reportlab; no Qt): see docs/reports.md.

- ``fonts``      the Chinese TrueType fonts: found in order, loaded, glyph-checked
- ``linebreak``  Chinese line breaking (no closing punctuation at a line's start)
- ``style``      the house style after GB/T 9704-2012, dates, page numbers
- ``document``   page templates, roster tables one per page, writing through core.output_files
- ``roster``     楼栋花名册, 党员名册, 困难群体名单
- ``briefing``   工作简报
- ``kinds``      the kinds ``python main.py report KIND`` prints
"""
