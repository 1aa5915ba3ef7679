"""The PII Redaction job (account scope, daily by default): one run redacts the account's due
orders (``services.redaction``) and says how many, in the run's summary and counts and in one
Info event of the account's Events log."""

from __future__ import annotations

from openoms.activity.models import EventLevel
from openoms.activity.services import event_record
from openoms.automation.handlers import RunContext, RunOutcome
from openoms.automation.models import RunStatus
from openoms.privacy.services.redaction import RedactionReport, pii_redact_account

LABEL = "PII Redaction"


def pii_redaction_run(context: RunContext) -> RunOutcome:
    """The job's handler: redact, then record what was done."""
    report = pii_redact_account(account=context.account, since=context.since)
    summary = report_summary(report)
    event_record(
        account=context.account,
        level=EventLevel.INFO,
        message=summary,
        entity_type="job",
        entity_id=str(context.job.pk),
        entity_label=LABEL,
        actor_label=context.run.actor_label,
    )
    return RunOutcome(RunStatus.SUCCEEDED, report.counts(), summary)


def report_summary(report: RedactionReport) -> str:
    """One sentence for a person: what was redacted, what waits, and why nothing, if so."""
    if not report.retention_set:
        return (
            f"{LABEL}: no PII retention is set (account or sales channels): every order keeps "
            "its personal data."
        )
    text = f"{LABEL}: {_orders(report.redacted)} redacted"
    copies = report.copies + report.late_copies
    if copies or report.files_deleted:
        text += f" ({copies} stored cop{'y' if copies == 1 else 'ies'} scrubbed"
        text += (
            f", {report.files_deleted} uploaded file(s) deleted)" if report.files_deleted else ")"
        )
    text += "."
    if report.held_open:
        text += (
            f" {_orders(report.held_open)} past retention still open (Draft, Approved or "
            "Fulfilling): redacted once shipped or cancelled."
        )
    return text


def _orders(count: int) -> str:
    return f"{count} order{'' if count == 1 else 's'}"
