"""The inspections tab (检查): lists, the form, rectifications, the compliance matrix, the rotation."""
