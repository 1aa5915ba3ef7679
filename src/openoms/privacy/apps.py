from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "openoms.privacy"
    label = "privacy"
    verbose_name = "Privacy: redaction of customers' personal data after its retention"

    def ready(self) -> None:
        from openoms.automation.handlers import register_job_handler
        from openoms.automation.job_types import JobType
        from openoms.privacy.jobs import pii_redaction_run
        from openoms.privacy.payloads import register_payload_stores

        register_job_handler(JobType.PII_REDACTION, pii_redaction_run)
        register_payload_stores()
