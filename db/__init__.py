"""The SQLite layer: opening the file, the schema and its migrations, queries.

No Qt here.
"""
