"""Checking ``C_Carrier_Mappings.csv`` rows and applying them: the import only *adds*.

A row is ``carrier_channel_code,service_channel_code,carrier_code,service_code,primary``: the
channel's codes (the service one may be empty; ``*`` at the end is a wildcard), the carrier and
service of the account's list (the service may be empty: the carrier without a service) and
``primary`` (``true``/``false``, ``yes``/``no``, ``1``/``0``; empty is false).

A channel code pair the channel maps already is skipped with a warning and never changed. Rejected
(with line and reason, nothing stored): a wrong number of columns, a bad value, an unknown carrier
or service, a pair met earlier in the file, a primary row for a target that has a primary mapping
already (in the channel or earlier in the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.activity.import_kinds import BatchReport, Record, rejection, warning
from openoms.channels.carrier_models import CarrierMapping
from openoms.channels.models import Channel
from openoms.channels.services.carrier_mappings import (
    MappingValues,
    mapping_values,
    primary_holder,
    target_label,
)
from openoms.core.csv_files import width_problem
from openoms.core.errors import InvalidValue, ValidationFailed

WIDTH = 5
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}


def parse_primary(raw: str) -> bool:
    text = raw.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InvalidValue(f"primary must be true or false, not {raw.strip()!r}.")


def _pair(values: MappingValues) -> tuple[str, str]:
    return values.carrier_channel_code, values.service_channel_code


def _target(values: MappingValues) -> tuple[int, int | None]:
    return values.carrier.pk, values.service.pk if values.service else None


@dataclass
class CarrierMappingImporter:
    """One file's import: its channel, the channel code pairs met and the targets made primary
    (each → its line)."""

    channel: Channel
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    primaries: dict[tuple[int, int | None], int] = field(default_factory=dict)
    first_line: int = 0

    def apply(self, records: list[Record]) -> BatchReport:
        self.first_line = records[0][0] if records else 0
        report = BatchReport()
        for line, fields in records:
            try:
                values = self._checked(line, fields)
            except InvalidValue as exc:
                report.rejected += 1
                report.issues.append(rejection(line, str(exc), fields))
                continue
            existing = self._existing(values)
            if existing is not None:
                report.warning += 1
                report.issues.append(warning(line, _skipped(values, existing), fields))
                continue
            if values.is_primary and primary_holder(self.channel, values) is not None:
                report.rejected += 1
                report.issues.append(rejection(line, _primary_taken(values), fields))
                continue
            self._remember(line, values)
            CarrierMapping.objects.create(
                account_id=self.channel.account_id,
                channel=self.channel,
                carrier_channel_code=values.carrier_channel_code,
                service_channel_code=values.service_channel_code,
                carrier=values.carrier,
                service=values.service,
                is_primary=values.is_primary,
            )
            report.created += 1
        return report

    def undo(self) -> None:
        self.pairs = {k: v for k, v in self.pairs.items() if v < self.first_line}
        self.primaries = {k: v for k, v in self.primaries.items() if v < self.first_line}

    def _checked(self, line: int, fields: list[str]) -> MappingValues:
        problem = width_problem(fields, WIDTH)
        if problem:
            raise InvalidValue(problem)
        problems = []
        try:
            primary = parse_primary(fields[4])
        except InvalidValue as exc:
            problems.append(str(exc))
            primary = False
        try:
            values = mapping_values(
                self.channel.account,
                carrier_channel_code=fields[0],
                service_channel_code=fields[1],
                carrier_code=fields[2],
                service_code=fields[3],
                is_primary=primary,
            )
        except ValidationFailed as exc:
            raise InvalidValue(" ".join([*exc.errors.values(), *problems])) from None
        problems += self._file_problems(values)
        if problems:
            raise InvalidValue(" ".join(problems))
        return values

    def _file_problems(self, values: MappingValues) -> list[str]:
        problems = []
        first = self.pairs.get(_pair(values))
        if first is not None:
            problems.append(f"Duplicate of line {first}: each channel code pair may appear once.")
        if values.is_primary:
            target = target_label(values.carrier, values.service)
            earlier = self.primaries.get(_target(values))
            if earlier is not None:
                problems.append(f"{target} is made primary on line {earlier} already.")
        return problems

    def _existing(self, values: MappingValues) -> CarrierMapping | None:
        if _pair(values) in self.pairs:
            return None
        return (
            CarrierMapping.objects.filter(
                channel=self.channel,
                carrier_channel_code=values.carrier_channel_code,
                service_channel_code=values.service_channel_code,
            )
            .select_related("carrier", "service")
            .first()
        )

    def _remember(self, line: int, values: MappingValues) -> None:
        self.pairs[_pair(values)] = line
        if values.is_primary:
            self.primaries[_target(values)] = line


def _skipped(values: MappingValues, existing: CarrierMapping) -> str:
    pair = "/".join(filter(None, _pair(values)))
    target = target_label(existing.carrier, existing.service)
    return (
        f"Skipped: the channel codes {pair} are mapped already (to {target}); the import adds "
        "mappings and never changes existing ones."
    )


def _primary_taken(values: MappingValues) -> str:
    target = target_label(values.carrier, values.service)
    return f"{target} has a primary mapping in this channel already; only one may be."
