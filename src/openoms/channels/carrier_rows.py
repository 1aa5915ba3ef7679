"""Checking ``Carriers.csv`` rows and applying them: *add or update*, never delete.

A row is ``carrier_code,carrier_name,service_code,service_name``: one row per service, or a row
with empty service columns for the carrier alone. A new carrier code is created (its name is
required), a known one with another name is renamed (an empty name keeps it); a new service code
is added to its carrier (its name required), a known one with another name is renamed. Codes
keep their special characters; only surrounding spaces are trimmed.

A row is checked whole before anything of it is written, so a rejected row stores nothing (not
even its carrier). Rejected: a wrong number of columns, a bad value, a service name without a
service code, a carrier named differently on an earlier row of the file, a carrier/service pair
met earlier in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.activity.import_kinds import BatchReport, Record, rejection
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.services.carriers import clean_code, clean_name
from openoms.core.csv_files import width_problem
from openoms.core.errors import InvalidValue
from openoms.tenancy.models import Account

WIDTH = 4
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class CarrierRow:
    carrier_code: str
    carrier_name: str
    service_code: str
    service_name: str


def _clean(fields: list[str]) -> CarrierRow:
    """The row's values, trimmed and checked; ``InvalidValue`` lists every problem."""
    problems, values = [], []
    cleaners = (
        (clean_code, "carrier code", True),
        (clean_name, "carrier name", False),
        (clean_code, "service code", False),
        (clean_name, "service name", False),
    )
    for raw, (cleaner, label, required) in zip(fields, cleaners, strict=True):
        if not required and not raw.strip():
            values.append("")
            continue
        try:
            values.append(cleaner(raw, label))
        except InvalidValue as exc:
            problems.append(str(exc))
    if not problems and values[3] and not values[2]:
        problems.append("A service name needs its service code.")
    if problems:
        raise InvalidValue(" ".join(problems))
    return CarrierRow(*values)


@dataclass
class Known:
    """A carrier of the account and its services by code, as the batch knows them."""

    carrier: Carrier
    services: dict[str, CarrierService]


@dataclass
class CarrierImporter:
    """One file's import across its batches: the carriers met (code → (name, line)) and the
    carrier/service pairs met (→ line), to refuse contradictions within the file."""

    account: Account
    names: dict[str, tuple[str, int]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    first_line: int = 0

    def apply(self, records: list[Record]) -> BatchReport:
        self.first_line = records[0][0] if records else 0
        report = BatchReport()
        carriers = self._carriers(records)
        for line, fields in records:
            try:
                row = self._checked(line, fields, carriers)
            except InvalidValue as exc:
                report.rejected += 1
                report.issues.append(rejection(line, str(exc), fields))
                continue
            outcome = _write(self.account, row, carriers)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def undo(self) -> None:
        """Forget what the rolled-back batch met."""
        self.names = {k: v for k, v in self.names.items() if v[1] < self.first_line}
        self.pairs = {k: v for k, v in self.pairs.items() if v < self.first_line}

    def _carriers(self, records: list[Record]) -> dict[str, Known]:
        """The batch's carriers that exist already, by code, with their services."""
        codes = {fields[0].strip() for _, fields in records if fields}
        rows = Carrier.objects.filter(account=self.account, code__in=codes)
        return {
            carrier.code: Known(carrier, {s.code: s for s in carrier.services.all()})
            for carrier in rows.prefetch_related("services")
        }

    def _checked(self, line: int, fields: list[str], carriers: dict[str, Known]) -> CarrierRow:
        problem = width_problem(fields, WIDTH)
        if problem:
            raise InvalidValue(problem)
        row = _clean(fields)
        problems = self._file_problems(line, row) + _new_row_problems(row, carriers)
        if problems:
            raise InvalidValue(" ".join(problems))
        self.pairs[(row.carrier_code, row.service_code)] = line
        if row.carrier_name:
            self.names.setdefault(row.carrier_code, (row.carrier_name, line))
        return row

    def _file_problems(self, line: int, row: CarrierRow) -> list[str]:
        problems = []
        named = self.names.get(row.carrier_code)
        if named and row.carrier_name and named[0] != row.carrier_name:
            problems.append(
                f"Carrier {row.carrier_code!r} is named {named[0]!r} on line {named[1]}: "
                "give it one name in the file."
            )
        first = self.pairs.get((row.carrier_code, row.service_code))
        if first is not None:
            what = "service" if row.service_code else "carrier"
            problems.append(f"Duplicate of line {first}: each {what} may appear once in the file.")
        return problems


def _new_row_problems(row: CarrierRow, carriers: dict[str, Known]) -> list[str]:
    """What a row creating a carrier or service lacks: its name."""
    known = carriers.get(row.carrier_code)
    problems = []
    if known is None and not row.carrier_name:
        problems.append(f"The carrier name is required for the new carrier {row.carrier_code!r}.")
    services = known.services if known is not None else {}
    if row.service_code and row.service_code not in services and not row.service_name:
        problems.append(f"The service name is required for the new service {row.service_code!r}.")
    return problems


def _write(account: Account, row: CarrierRow, carriers: dict[str, Known]) -> str:
    """Create or rename the row's carrier and service: its outcome."""
    outcome = UNCHANGED
    known = carriers.get(row.carrier_code)
    if known is None:
        carrier = Carrier.objects.create(
            account=account, code=row.carrier_code, name=row.carrier_name
        )
        known = carriers[carrier.code] = Known(carrier, {})
        outcome = CREATED
    elif _renamed(known.carrier, row.carrier_name):
        outcome = UPDATED
    if not row.service_code:
        return outcome
    service = known.services.get(row.service_code)
    if service is None:
        known.services[row.service_code] = CarrierService.objects.create(
            carrier=known.carrier, code=row.service_code, name=row.service_name
        )
        return CREATED
    if _renamed(service, row.service_name) and outcome == UNCHANGED:
        outcome = UPDATED
    return outcome


def _renamed(row: Carrier | CarrierService, name: str) -> bool:
    """Give ``row`` the name ``name`` (empty: keep it); True when it changed."""
    if not name or row.name == name:
        return False
    row.name = name
    row.save(update_fields=["name", "updated_at"])
    return True
