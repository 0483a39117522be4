"""Reading back the PDFs the tests print: poppler's pdftotext and pdffonts."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from core.idcard import make_check_digit

from core import registry
from core.ledger import Ledger

TODAY = datetime.date(2026, 12, 3)


def valid_id(first17: str) -> str:
    return first17 + make_check_digit(first17)


def pages(path: Path, *, layout: bool = True) -> list[str]:
    """The text of each page."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def text(path: Path) -> str:
    return "\n".join(pages(path))


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, embedded (emb), subset (sub)."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True).stdout.decode("utf-8")
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type...] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "line": line})
    return rows


def assert_fonts_embedded(path: Path) -> None:
    rows = fonts(path)
    assert rows, "no fonts at all"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes", row["line"]


ID_HEAD = valid_id("11010119550312002")   # 张建国, 户主
ID_WIFE = valid_id("11010119580520002")
PHONE_HEAD = "13912345678"


def people(ledger: Ledger) -> dict[str, str]:
    """A compound of 2 buildings × 2 units × 2 rooms with residents who carry
    IDs, phones, tags and party details; returns the community id and names."""
    community = registry.ensure_community(ledger, "幸福路社区", "新华街道")
    registry.create_compound(ledger, community, registry.CompoundForm(
        "测试小区", 1990, 1200.0, buildings=2, units_per_building=2, floors=1, rooms_per_floor=2))
    households = {room: h for h, room in ledger.db.execute(
        "SELECT h.id, b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        "JOIN building b ON b.id = u.building_id")}
    first = households["1栋1单元101"]
    registry.add_resident(ledger, first, registry.ResidentForm(
        name="张建国", relation="户主", id_number=ID_HEAD, phone=PHONE_HEAD, political_status="中共党员",
        party=registry.PartyInfo(joined_date=datetime.date(1978, 7, 1), branch="第一党支部", presence="长期在外",
                                 reachable=True)))
    registry.add_resident(ledger, first, registry.ResidentForm(
        name="李秀英", relation="配偶", id_number=ID_WIFE, tags=("困难老人", "独居")))
    registry.add_resident(ledger, households["2栋2单元102"], registry.ResidentForm(
        name="王堃", relation="户主", phone="13800001111", tags=("低保",)))
    return {"community": community}
