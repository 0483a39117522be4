"""The domain of 小区治理台账: records, validation, rules and statistics.

Nothing in this package imports Qt; everything the GUI does can be done
from a test or the command line.
"""
