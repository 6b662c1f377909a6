"""Renderers: PDF (reportlab) and Excel (openpyxl).

They take plain data from the services (strings, numbers, dates, lists of rows) and write a file
through ``name.tmp`` then ``os.replace``; they import no Qt and run no queries.
"""
