"""Migration 5: the campaign tables, their guards, and what ``check`` reports."""

from __future__ import annotations

import sqlite3

import pytest

from core import campaigns, photos
from core.ledger import new_id
from db.checks import check_database
from db.migrations import latest_version
from tests.core.campaign_fixtures import START, log, make_setup
from tests.photo_files import jpeg_bytes


def test_tables_and_version(ledger) -> None:
    tables = {name for (name,) in ledger.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"campaign", "campaign_partner", "campaign_goal", "campaign_entry", "campaign_entry_partner",
            "campaign_volunteer", "campaign_quantity", "campaign_metric", "partner_unit"} <= tables
    assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == latest_version() >= 5


def test_database_refuses_negative_amounts_and_reversed_dates(ledger) -> None:
    setup = make_setup(ledger)
    entry_id = log(setup, START, garbage="1")
    tables = {"campaign_quantity", "campaign", "campaign_volunteer"}
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write("campaign.entry_edit", tables, lambda db: db.execute(
            "UPDATE campaign_quantity SET amount = -1 WHERE entry_id = ?", [entry_id]))
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write("campaign.edit", tables, lambda db: db.execute("UPDATE campaign SET end_date = '2000-01-01'"))
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write("campaign.entry_edit", tables, lambda db: db.execute(
            "INSERT INTO campaign_volunteer (id, entry_id, name, hours) VALUES (?, 'nope', '甲', 1)", [new_id()]))


def test_check_reports_campaigns_and_stray_photos(ledger) -> None:
    setup = make_setup(ledger)
    log(setup, START, garbage="1")
    photos.add_photo(ledger, jpeg_bytes(), owner_kind=campaigns.PHOTO_OWNER, owner_id=new_id(), slot="before")
    ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    report = check_database(ledger.path)
    assert "整治行动 1 个，工作记录 1 条" in report.lines
    assert any("1 张整治照片不属于任何工作记录" in line for line in report.lines)
    assert not report.problems
