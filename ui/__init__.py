"""The PySide6 interface: one module per tab or dialog, Qt models for tables.

Widgets never write to the database themselves: they call the operations
of ``core`` (which go through ``Ledger.write``) and refresh when the change
hub tells them a table they show has changed.
"""
