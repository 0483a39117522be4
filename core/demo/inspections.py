"""Demo section: a season of inspections of the account's compound.

About three months back from ``ctx.today``: the monthly 九个有 inspection of
the whole compound (this month's still a half-filled draft), spot checks and
re-inspections of buildings and units, the weekly hygiene checks of every
unit by the rotation of party members and committee members (a few missed),
failing items with photos and rectifications: most closed with "after"
photos, some in progress, one or two overdue.

Photos are real JPEGs drawn here with Pillow: a simple coloured scene of the
item (bins, a door, an extinguisher, parking bays …), messy when the item
failed and tidy after the fix, with a caption in WenQuanYi when the font is
installed. They are small (480×360) so the demo stays fast.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from core import inspections
from core.demo.scenes import draw_scene
from core.inspections import (
    Inspector,
    ResultEntry,
    checklists,
    rectifications,
    rotation,
)
from core.inspections.rotation import Person
from core.ledger import Ledger
from core.photos import PHOTO_TABLES, prepare_photo, store_photo

if TYPE_CHECKING:
    from core.demo.context import DemoContext

DAY = datetime.timedelta(days=1)

#: Staff of the community office, named in free text (not residents).
STAFF = ("李红梅", "王磊", "陈丽萍")

#: Compound-wide results of the monthly inspections: days back → {item index: remark}.
#: Items not named are 达标.
MONTHLY_FAILURES: dict[int, dict[int, str]] = {
    88: {2: "3栋、6栋旁分类桶破损，标识脱落", 5: "主干道两侧乱停车，泊位线看不清",
         6: "西侧晾衣架锈蚀倒伏"},
    60: {4: "2栋、5栋楼道灭火器过期", 8: "公开栏内容过期，玻璃破损"},
    32: {3: "1栋3单元、7栋2单元门禁损坏", 7: "健身器材松动，缺少座椅"},
}
#: How each monthly failure went: (days to start or None, days to close or None, deadline days).
MONTHLY_FATE: dict[tuple[int, int], tuple[int | None, int | None, int]] = {
    (88, 2): (2, 10, 14), (88, 5): (5, 25, 30), (88, 6): (3, 18, 21),
    (60, 4): (1, 9, 14), (60, 8): (4, 12, 21),
    (32, 3): (6, None, 21),   # started, not closed: overdue
    (32, 7): (None, None, 45),  # not begun yet, deadline ahead
}
CLOSE_NOTES = {
    2: "更换分类桶 4 组，重新张贴分类标识", 5: "重新施划泊位 46 个，设置禁停标志",
    6: "拆除旧架，新装晾衣架 6 组", 4: "更换灭火器 24 具，张贴检查卡",
    8: "更换公开栏玻璃，更新党务居务公开内容", 3: "更换门禁读卡器", 7: "加固器材，新增座椅 4 把",
}
#: Remarks of failing hygiene items, by item index.
HYGIENE_REMARKS = {
    0: ("楼道地面有积尘、烟头", "楼梯拐角有杂物"),
    1: ("楼道堆放旧家具、纸箱", "自行车占用楼道"),
    2: ("墙面新贴开锁、疏通小广告", "楼道墙面乱涂乱画"),
    3: ("垃圾桶满溢未清运", "桶边散落垃圾"),
    4: ("扶手积灰", "信报箱积灰"),
    5: ("三楼楼道灯不亮", "私拉电线给电动车充电"),
    6: ("单元门口有积水", "门口堆放杂物"),
}
HYGIENE_FIXES = {0: "已组织清扫", 1: "已动员住户清理堆物", 2: "已清除小广告",
                 3: "已通知清运，桶边清扫干净", 4: "已擦拭", 5: "已更换灯泡、拆除私拉电线",
                 6: "已清理"}

#: Scene of each 九个有 item and each hygiene item, for the drawn photos.
NINE_SCENES = ("board", "poster", "bins", "door", "fire", "parking", "drying", "fitness", "board")
HYGIENE_SCENES = ("stairs", "stairs", "wall", "bins", "stairs", "lamp", "door")


def section(ledger: Ledger, ctx: DemoContext) -> None:
    """Fill the inspections of the account's compound (the first one)."""
    if not ctx.compound_ids:
        return
    codes = checklists.ensure_builtin_templates(ledger, ctx.community_id)
    builder = _Season(ledger, ctx, ctx.compound_ids[0], codes)
    tables = (inspections.INSPECTION_TABLES | rotation.TABLES | PHOTO_TABLES
              | {"checklist_template", "checklist_version", "checklist_item"})
    ledger.write("demo.inspections", tables, lambda _db: builder.run())


class _Season:
    def __init__(self, ledger: Ledger, ctx: DemoContext, compound_id: str,
                 codes: dict[str, str]) -> None:
        self.ledger = ledger
        self.db = ledger.db
        self.ctx = ctx
        self.rng = random.Random(ctx.rng.random())
        self.today = ctx.today
        self.compound_id = compound_id
        self.nine = codes[checklists.CODE_NINE]
        self.hygiene = codes[checklists.CODE_HYGIENE]
        self.units = rotation.compound_units(self.db, compound_id)
        self.unit_label = dict(self.units)
        self.buildings = self.db.execute(
            "SELECT id, name FROM building WHERE compound_id = ? ORDER BY sort_key", [compound_id]
        ).fetchall()
        self.residents_of_unit: dict[str, list[tuple[str, str]]] = {}
        for resident_id, name, age, _household, unit_id in ctx.residents:
            if 25 <= age <= 75:
                self.residents_of_unit.setdefault(unit_id, []).append((resident_id, name))
        self.people = self._supervisors()
        self.photo_count = 0

    # ------------------------------------------------------------ people

    def _supervisors(self) -> list[Person]:
        """Party members living in the compound, and the office's staff."""
        in_compound = {uid for uid, _label in self.units}
        present = {rid for (rid,) in self.db.execute(
            "SELECT resident_id FROM party_member WHERE presence = '在小区'")}
        members = [Person(name, rid) for rid, name, _age, _h, unit_id in self.ctx.residents
                   if rid in present and unit_id in in_compound]
        return members[:12] + [Person(name) for name in STAFF]

    def _inspectors(self, count: int) -> list[Inspector]:
        lead = Inspector(STAFF[0])
        members = [p for p in self.people if p.resident_id]
        chosen = self.rng.sample(members, min(count - 1, len(members)))
        return [lead] + [Inspector(p.name, p.resident_id) for p in chosen]

    def _unit_person(self, unit_id: str) -> tuple[str, str | None]:
        pool = self.residents_of_unit.get(unit_id)
        if not pool:
            return STAFF[1], None
        resident_id, name = self.rng.choice(pool)
        return name, resident_id

    # ------------------------------------------------------------ the season

    def run(self) -> None:
        first_week = rotation.week_start(self.today) - datetime.timedelta(weeks=13)
        rotation.generate_rotation(self.ledger, self.compound_id, self.people, first_week, 16)
        next_week = rotation.week_start(self.today) + datetime.timedelta(weeks=1)
        unit_id = self.units[4][0]
        rotation.assign_slot(self.ledger, unit_id, next_week, Person(STAFF[2]))
        for days_back in sorted(MONTHLY_FAILURES, reverse=True):
            self._monthly(days_back)
        self._spot_checks()
        self._hygiene_season(first_week)
        self._monthly_draft()

    def _monthly(self, days_back: int) -> None:
        date = self.today - days_back * DAY
        failures = MONTHLY_FAILURES[days_back]
        iid = inspections.start_inspection(
            self.ledger, self.nine, date=date, scope_kind="compound", scope_id=self.compound_id,
            inspectors=self._inspectors(3), notes="月度“九个有”检查", today=self.today)
        rows = inspections.get_inspection(self.db, iid).results
        self._photo(iid, inspections.INSPECTION_PHOTO_OWNER, "", "fitness", False,
                    f"{date.month}月检查 小区全景", date)
        entries: dict[str, ResultEntry] = {}
        for index, row in enumerate(rows):
            if index in failures:
                fate = MONTHLY_FATE[(days_back, index)]
                name = self.people[index % len(self.people)].name if index % 2 else STAFF[1]
                entries[row.id] = ResultEntry(
                    checklists.RESULT_FAIL, failures[index], name, None, date + fate[2] * DAY)
                self._photo(row.id, inspections.PHOTO_OWNER, "", NINE_SCENES[index], True,
                            f"{failures[index][:14]}", date)
            else:
                entries[row.id] = ResultEntry(checklists.RESULT_PASS)
                if self.rng.random() < 0.25:
                    self._photo(row.id, inspections.PHOTO_OWNER, "", NINE_SCENES[index], False,
                                checklists.short_label(row.text), date)
        opened = inspections.save_inspection(self.ledger, iid, entries=entries, complete=True,
                                             today=self.today)
        failing = [index for index in range(len(rows)) if index in failures]
        for rect_id, index in zip(opened, failing):
            start, close, _deadline = MONTHLY_FATE[(days_back, index)]
            self._follow(rect_id, date, start, close, CLOSE_NOTES[index], NINE_SCENES[index])

    def _follow(self, rect_id: str, date: datetime.date, start: int | None, close: int | None,
                note: str, scene: str) -> None:
        if start is not None and date + start * DAY <= self.today:
            rectifications.start(self.ledger, rect_id, date=date + start * DAY,
                                 note="已安排人员处理", today=self.today)
        if close is not None and date + close * DAY <= self.today:
            closed = date + close * DAY
            if self.rng.random() < 0.85:
                self._photo(rect_id, rectifications.PHOTO_OWNER, rectifications.AFTER_SLOT,
                            scene, False, note[:14], closed)
            rectifications.close(self.ledger, rect_id, note=note, date=closed, today=self.today)

    def _spot_checks(self) -> None:
        """Re-inspections after the last monthly one: some units' doors fixed, one not;
        a building's fire equipment found lacking and fixed, awaiting re-inspection."""
        door = 3
        date = self.today - 12 * DAY
        for unit_id, label in self.units[:12]:
            broken = label == "1栋3单元"
            results = {door: (checklists.RESULT_FAIL, "读卡器仍无法开门") if broken
                       else (checklists.RESULT_PASS, "门禁已修复，开关正常")}
            self._unit_nine(unit_id, date, results, fate=(2, None, 20) if broken else None)
        building_id = self.buildings[1][0]
        self._nine_check("building", building_id, self.today - 20 * DAY,
                         {4: (checklists.RESULT_FAIL, "消防栓箱内无水带、无水枪"),
                          2: (checklists.RESULT_PASS, "")},
                         fate=(1, 14, 21))

    def _unit_nine(self, unit_id: str, date: datetime.date, results: dict,
                   fate: tuple | None) -> None:
        self._nine_check("unit", unit_id, date, results, fate)

    def _nine_check(self, kind: str, scope_id: str, date: datetime.date,
                    results: dict[int, tuple[str, str]], fate: tuple | None) -> None:
        iid = inspections.start_inspection(
            self.ledger, self.nine, date=date, scope_kind=kind, scope_id=scope_id,
            inspectors=self._inspectors(2), notes="复查" if kind == "unit" else "专项检查",
            today=self.today)
        rows = inspections.get_inspection(self.db, iid).results
        entries = {}
        for index, row in enumerate(rows):
            result, remark = results.get(index, (checklists.RESULT_NA, ""))
            fix_name, fix_id, deadline = "", None, None
            if result == checklists.RESULT_FAIL:
                fix_name, fix_id = (self._unit_person(scope_id) if kind == "unit"
                                    else (STAFF[1], None))
                deadline = date + fate[2] * DAY
                self._photo(row.id, inspections.PHOTO_OWNER, "", NINE_SCENES[index], True,
                            remark[:14], date)
            entries[row.id] = ResultEntry(result, remark, fix_name, fix_id, deadline)
        opened = inspections.save_inspection(self.ledger, iid, entries=entries, complete=True,
                                             today=self.today)
        for rect_id in opened:
            index = next(i for i, (r, _m) in results.items() if r == checklists.RESULT_FAIL)
            self._follow(rect_id, date, fate[0], fate[1], CLOSE_NOTES.get(index, "已整改"),
                         NINE_SCENES[index])

    def _monthly_draft(self) -> None:
        """This month's inspection, begun yesterday and not finished."""
        date = self.today - DAY
        iid = inspections.start_inspection(
            self.ledger, self.nine, date=date, scope_kind="compound", scope_id=self.compound_id,
            inspectors=self._inspectors(2), notes="月度“九个有”检查（进行中）", today=self.today)
        rows = inspections.get_inspection(self.db, iid).results
        entries = {row.id: ResultEntry(checklists.RESULT_PASS) for row in rows[:4]}
        inspections.save_inspection(self.ledger, iid, entries=entries, today=self.today)

    # ------------------------------------------------------------ hygiene

    def _hygiene_season(self, first_week: datetime.date) -> None:
        grid = rotation.rotation_grid(self.db, self.compound_id, first_week, 14, self.today)
        for monday in grid.weeks:
            for unit_id, _label in grid.units:
                slot = grid.cells.get((unit_id, monday))
                if slot is None:
                    continue
                current = monday <= self.today < monday + 7 * DAY
                roll = self.rng.random()
                if (current and roll < 0.45) or (not current and roll < 0.07):
                    continue  # not (yet) checked
                last = min(monday + 5 * DAY, self.today)
                date = monday + self.rng.randint(0, (last - monday).days) * DAY
                self._hygiene_check(slot, date, draft=current and roll < 0.52)

    def _hygiene_check(self, slot: rotation.SlotView, date: datetime.date, draft: bool) -> None:
        iid = inspections.start_inspection(
            self.ledger, self.hygiene, date=date, scope_kind="unit", scope_id=slot.unit_id,
            inspectors=[Inspector(slot.supervisor, slot.resident_id)],
            rotation_slot_id=slot.slot_id, today=self.today)
        rows = inspections.get_inspection(self.db, iid).results
        entries = {}
        failed: list[int] = []
        for index, row in enumerate(rows):
            if draft and index >= 3:
                break
            if self.rng.random() < 0.012:
                remark = self.rng.choice(HYGIENE_REMARKS[index])
                name, resident_id = self._unit_person(slot.unit_id)
                deadline = date + self.rng.choice((3, 5, 7)) * DAY
                entries[row.id] = ResultEntry(checklists.RESULT_FAIL, remark, name, resident_id,
                                              deadline)
                self._photo(row.id, inspections.PHOTO_OWNER, "", HYGIENE_SCENES[index], True,
                            f"{self.unit_label[slot.unit_id]} {remark[:10]}", date)
                failed.append(index)
            else:
                entries[row.id] = ResultEntry(checklists.RESULT_PASS)
        opened = inspections.save_inspection(self.ledger, iid, entries=entries,
                                             complete=not draft, today=self.today)
        for rect_id, index in zip(opened, failed):
            age = (self.today - date).days
            if age > 10 or (age > 3 and self.rng.random() < 0.6):
                close = self.rng.randint(1, min(age, 9))
                self._follow(rect_id, date, None, close, HYGIENE_FIXES[index], HYGIENE_SCENES[index])
            elif age > 1:
                self._follow(rect_id, date, 1, None, "", HYGIENE_SCENES[index])

    # ------------------------------------------------------------ photos

    def _photo(self, owner_id: str, owner_kind: str, slot: str, scene: str, failing: bool,
               caption: str, date: datetime.date) -> None:
        taken = datetime.datetime.combine(date, datetime.time(self.rng.randint(8, 16),
                                                              self.rng.randint(0, 59)))
        self.photo_count += 1
        data = draw_scene(scene, failing, caption, taken, seed=self.rng.randint(0, 10**6))
        prepared = prepare_photo(data, f"IMG_{taken:%Y%m%d}_{self.photo_count:04d}.jpg")
        store_photo(self.ledger, prepared, owner_kind=owner_kind, owner_id=owner_id, slot=slot,
                    caption=caption)
