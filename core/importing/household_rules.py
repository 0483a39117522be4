"""The import's rules for whole households, beside the row-by-row plan
(:mod:`core.importing.plan`, whose planner has these as methods): a register
household in a room the ledger gives to another family is a conflict and
nothing of it is merged unless the user chose so; a household that moves in
moves the ledger's residents of the room out; at most one living head per
household, the ledger's and the file's counted together."""

from __future__ import annotations

from core import registry, vocab
from core.importing.records import REPLACE, SKIP, HouseholdConflict, MovedOut, ResidentChange
from core.importing.rows import ParsedRow


class HouseholdRules:
    """Mixed into the planner; uses its plan, snapshot, rows and choices."""

    def find_conflicts(self) -> None:
        """A register household in a room the ledger gives to another family
        is a conflict: the register's head is not the ledger's living head,
        or the register's head row was rejected. Unless the user chose
        otherwise, nothing of it is merged."""
        snap = self.snap
        planned = {id(row): change for row, change in self.changes}
        for key, rows in self.rows_by_key.items():
            household = self.existing_household(key)
            if household is None:
                continue
            living = [snap.residents[rid] for rid in snap.by_household.get(household.id, ())
                      if snap.residents[rid].status == vocab.STATUS_LIVING]
            if not living:
                continue
            heads = [r for r in living if r.relation == "户主"]
            head_rows = [r for r in rows if str(r.data.get("relation") or "") == "户主" and not r.is_household_only]
            if not head_rows:
                continue  # the register adds to or corrects the household; no disagreement
            head_row = head_rows[0]
            change = planned.get(id(head_row))
            living_ids = {r.id for r in living}
            shared = {c.id for r in rows if (c := planned.get(id(r))) is not None and not c.is_new} & living_ids
            if shared:
                continue  # the register names someone living there: the same family
            if id(head_row) in self.rejected_rows or change is None:
                reason = "表中这一户的户主行被拒绝，无法确认是不是同一户"
            elif heads and (change.is_new or change.id not in {h.id for h in heads}):
                reason = "表中和台账中的户主不是同一人"
            elif not heads:
                reason = "台账中这个房间住着别人（未登记户主），表中的人都不在其中"
            else:
                continue
            choice = self.choices.get(key, SKIP)
            conflict = HouseholdConflict(
                key=key, household_id=household.id, ledger_head=heads[0].name if heads else "",
                ledger_members=[r.name for r in living], register_head=head_row.name or "",
                register_members=[r.name for r in rows if not r.is_household_only and r.name],
                rows=[(r.sheet, r.row) for r in rows], reason=reason, choice=choice)
            self.plan.conflicts.append(conflict)
            if choice == SKIP or (choice == REPLACE and household.id not in self.vacated):
                # Nothing of this household: its rows are neither planned nor rejected.
                dropped = {id(r) for r in rows}
                self.changes = [(r, c) for r, c in self.changes if id(r) not in dropped]
                self.new_rows -= dropped
                self.household_rows.pop(key, None)
                self.plan.warnings = [p for p in self.plan.warnings
                                      if (p.sheet, p.row) not in set(conflict.rows)]
                self.rejected_rows |= dropped

    def plan_moves(self) -> None:
        """REPLACE: the ledger's living residents of the room move out, but
        for anyone the register itself names (matched by ID number)."""
        kept = {change.id for change in self.plan.residents if not change.is_new}
        for household_id in sorted(self.vacated):
            for rid in self.snap.by_household.get(household_id, ()):
                resident = self.snap.residents[rid]
                if resident.status == vocab.STATUS_LIVING and rid not in kept:
                    self.plan.moved_out.append(MovedOut(rid, resident.name, household_id))

    def check_heads(self) -> None:
        """At most one living head per household, counting the ledger's and the file's."""
        by_household: dict[object, list[tuple[ParsedRow, ResidentChange]]] = {}
        for row, change in self.changes:
            by_household.setdefault(change.household_id or change.key, []).append((row, change))
        for household, items in by_household.items():
            final = {c.id: c for _, c in items}
            existing = household if isinstance(household, str) else None
            heads: dict[str, str] = {}
            if existing:
                for rid in self.snap.by_household.get(existing, ()):
                    resident = self.snap.residents[rid]
                    if existing in self.vacated and rid not in final:
                        continue  # moving out
                    relation = final[rid].values["relation"] if rid in final else resident.relation
                    if relation == "户主" and resident.status == vocab.STATUS_LIVING:
                        heads[rid] = resident.name
            for row, change in items:
                if not change.is_new or change.values["relation"] != "户主" or change.status != vocab.STATUS_LIVING:
                    continue
                if heads:
                    self.reject(row, "relation", registry.head_taken_message(next(iter(heads.values()))))
                else:
                    heads[change.id] = change.values["name"]
            # An updated resident made head while another stays head.
            for row, change in items:
                if change.is_new or change.values["relation"] != "户主" or change.status != vocab.STATUS_LIVING:
                    continue
                others = {rid: name for rid, name in heads.items() if rid != change.id}
                if others and self.snap.residents[change.id].relation != "户主":
                    self.reject(row, "relation", registry.head_taken_message(next(iter(others.values()))))
                    heads.pop(change.id, None)
        self.changes = [(row, c) for row, c in self.changes
                        if id(row) not in self.rejected_rows and (c.is_new or c.changes)]
