"""Rotation: a pure function over names and a date, run over a simulated year."""

from __future__ import annotations

import datetime

from core.backups import naming, to_delete


def _name(when: datetime.datetime, reason: str | None = None) -> str:
    return naming.backup_name(when, reason)


def test_names_round_trip_and_only_ours_match():
    when = datetime.datetime(2026, 12, 4, 19, 30, 0)
    assert _name(when) == "台账备份-20261204-193000.sqlite3"
    assert naming.parse_name(_name(when, "restore")) == when
    assert naming.parse_name(naming.backup_name(when, None, 3)) == when
    for other in ("台账备份-20261204-193000.sqlite3.bak", "台账备份-20261204-193000 (2).sqlite3",
                  "我的台账备份-20261204-193000.sqlite3", "台账备份-20261204-193000-重要.sqlite3",
                  "台账备份-2026124-193000.sqlite3", "台账备份-20261304-193000.sqlite3",
                  "台账备份-20261204-193000.sqlite3.json", "ledger.sqlite3", "台账备份-20261204-193000.SQLITE3"):
        assert naming.parse_name(other) is None, other


def test_a_simulated_year_keeps_what_the_policy_promises():
    start = datetime.datetime(2026, 1, 1, 9, 0)
    folder: set[str] = set()
    restored_from = None
    for day in range(366):
        today = start + datetime.timedelta(days=day)
        folder.add(_name(today))
        if day % 3 == 0:
            folder.add(_name(today.replace(hour=17)))
        if day == 200:  # a restore: the backup before it never pushes out the one restored from
            restored_from = sorted(folder)[0]
            folder.add(_name(today.replace(hour=18), "restore"))
        protected = (restored_from,) if restored_from else ()
        deleted = to_delete(folder, today.date(), protected=protected)
        assert deleted <= folder
        newest = max(folder, key=naming.parse_name)
        assert newest not in deleted
        if restored_from:
            assert restored_from not in deleted
        folder -= deleted
        dates = {naming.parse_name(n).date() for n in folder}
        yesterday = today.date() - datetime.timedelta(days=1)
        # everything from today and yesterday
        assert today.date() in dates
        if day:
            assert yesterday in dates
        # 7 daily before that (as far as the year has gone)
        for back in range(2, 9):
            if day >= back:
                assert today.date() - datetime.timedelta(days=back) in dates
    final_dates = sorted(naming.parse_name(n) for n in folder)
    months = {(d.year, d.month) for d in final_dates}
    assert len(months) >= 12  # one per month for the last 12 months
    assert len(folder) <= 2 * 2 + 7 + 4 + 12 + 2  # bounded: no unbounded growth


def test_a_users_file_with_a_similar_name_is_never_deleted():
    today = datetime.date(2026, 12, 4)
    old = [_name(datetime.datetime(2024, 1, d, 8)) for d in range(1, 28)]
    users = ["台账备份-20240101-080000.sqlite3.bak", "台账备份-20240102-080000 - 副本.sqlite3",
             "台账备份-20240103-080000-重要.sqlite3", "台账备份-20240104-080000.sqlite3.json"]
    deleted = to_delete(old + users, today)
    assert deleted and not (deleted & set(users))


def test_nothing_of_ours_means_nothing_deleted():
    assert to_delete(["notes.txt", "ledger.sqlite3"], datetime.date(2026, 1, 1)) == set()


def test_future_dated_backups_and_the_newest_are_kept():
    today = datetime.date(2026, 6, 1)
    names = [_name(datetime.datetime(2020, 1, 1, 8)), _name(datetime.datetime(2030, 1, 1, 8))]
    assert to_delete(names, today) == set()


def test_two_backups_of_one_second_the_second_is_the_newest():
    when = datetime.datetime(2026, 3, 1, 8)
    first, second = naming.backup_name(when), naming.backup_name(when, None, 2)
    from db.backup_names import order_key

    assert order_key(second) > order_key(first)
    old = [naming.backup_name(datetime.datetime(2025, 1, 1, 8))]
    assert to_delete([first, second, *old], datetime.date(2027, 6, 1)) == {first}
