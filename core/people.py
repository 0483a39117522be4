"""The people records name, in one shape.

A record names a person three ways: a resident of the registry, an office
staff member who does not live in the compound, or just a name typed in
(a partner unit's worker, a volunteer from outside). :class:`Person`
carries the name shown and, when known, the resident's or staff member's
id; inspectors, rotation supervisors, those responsible for a
rectification, grid heads and volunteers are all Persons. :class:`PersonRef`
is the key alone (kind and id), as the grid's assignments store it.

The one picker (``ui.people``) returns a Person.
"""

from __future__ import annotations

from dataclasses import dataclass

RESIDENT = "resident"
STAFF = "staff"
TYPED = "name"


@dataclass(frozen=True)
class PersonRef:
    """A resident (``kind='resident'``) or a staff member (``'staff'``), by id."""

    kind: str
    id: str

    @classmethod
    def resident(cls, resident_id: str) -> PersonRef:
        return cls(RESIDENT, resident_id)

    @classmethod
    def staff(cls, staff_id: str) -> PersonRef:
        return cls(STAFF, staff_id)


@dataclass(frozen=True)
class Person:
    """A person a record names: its name, and the resident's or staff member's id when known."""

    name: str
    resident_id: str | None = None
    staff_id: str | None = None

    @property
    def kind(self) -> str:
        return RESIDENT if self.resident_id else STAFF if self.staff_id else TYPED

    @property
    def ref(self) -> PersonRef | None:
        """The registry or staff key, or None for a name typed in."""
        if self.resident_id:
            return PersonRef.resident(self.resident_id)
        if self.staff_id:
            return PersonRef.staff(self.staff_id)
        return None

    @classmethod
    def of(cls, ref: PersonRef, name: str) -> Person:
        if ref.kind == RESIDENT:
            return cls(name, resident_id=ref.id)
        return cls(name, staff_id=ref.id)
