"""Where the ledger keeps its files.

The default database lives in the user's data folder (platformdirs), e.g.
``%LOCALAPPDATA%\\CompoundLedger`` on Windows and
``~/.local/share/CompoundLedger`` on Linux. Setting ``COMPOUND_LEDGER_HOME``
moves the whole folder (tests and portable installs use this).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "CompoundLedger"
APP_TITLE = "小区治理台账"
DB_FILENAME = "ledger.sqlite3"
HOME_ENV = "COMPOUND_LEDGER_HOME"


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME
