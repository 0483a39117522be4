"""Which backups to delete: a pure function over names and a date.

Kept: every backup of today and yesterday; the newest of each of the last 7
days that have one, of the last 4 weeks (ISO weeks) and of the last 12
months; always the newest backup of all (the last good copy), backups dated
in the future (a clock set wrong), and the ``protected`` ones (the backup a
restore came from). Only names the program gave (``naming.parse_name``) are
ever considered; anything else in the folder is never deleted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable

from core.backups.naming import parse_name
from db.backup_names import order_key

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def to_delete(names: Iterable[str], today: datetime.date, *, protected: Iterable[str] = ()) -> set[str]:
    """The names among ``names`` that rotation deletes on ``today``."""
    dated = {name: when for name in names if (when := parse_name(name)) is not None}
    if not dated:
        return set()
    keep = set(protected) & set(dated)
    keep.add(max(dated, key=order_key))
    yesterday = today - datetime.timedelta(days=1)
    for name, when in dated.items():
        if when.date() >= yesterday:
            keep.add(name)
    older = {name: when for name, when in dated.items() if when.date() < yesterday}
    keep |= _newest_per(older, lambda w: w.date(), DAILY)
    keep |= _newest_per(older, lambda w: w.isocalendar()[:2], WEEKLY)
    keep |= _newest_per(older, lambda w: (w.year, w.month), MONTHLY)
    return set(dated) - keep


def _newest_per(dated: dict[str, datetime.datetime], period: Callable[[datetime.datetime], Hashable],
                count: int) -> set[str]:
    newest: dict[Hashable, str] = {}
    for name, when in dated.items():
        key = period(when)
        if key not in newest or order_key(name) > order_key(newest[key]):
            newest[key] = name
    recent = sorted(newest.items(), reverse=True)[:count]
    return {name for _key, name in recent}
