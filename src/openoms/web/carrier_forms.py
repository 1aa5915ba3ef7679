"""Forms of the Carriers page and the Carrier Mappings tab. They collect strings only: the
carrier services check them and their errors go back on the fields (``show_errors``)."""

from __future__ import annotations

from django import forms

from openoms.channels.carrier_models import MAX_CHANNEL_CODE, MAX_CODE, MAX_NAME
from openoms.web.forms import raw_field

WILDCARD_HELP = 'End it with * to match every code starting the same ("2nd Day Air*").'


def _text(limit: int, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": limit, "autocomplete": "off", **attrs})


class CarrierForm(forms.Form):
    code = raw_field("Carrier Code", "As orders name it; it never changes.", _text(MAX_CODE))
    name = raw_field("Name", widget=_text(MAX_NAME))


class ServiceForm(forms.Form):
    code = raw_field("Service Code", widget=_text(MAX_CODE))
    name = raw_field("Service name", widget=_text(MAX_NAME))


class CarrierMappingForm(forms.Form):
    carrier_channel_code = raw_field("Carrier Channel Code", WILDCARD_HELP, _text(MAX_CHANNEL_CODE))
    service_channel_code = raw_field(
        "Service Channel Code",
        "Empty: orders without a service code. * alone: any service code.",
        _text(MAX_CHANNEL_CODE),
    )
    carrier_code = raw_field("Carrier System Code")
    service_code = raw_field("Service System Code", "Empty: the carrier without a service.")
    is_primary = forms.BooleanField(
        label="Primary",
        required=False,
        help_text="The codes OpenOMS sends to the channel for this carrier and service; only one "
        "mapping of each carrier/service may be primary.",
    )

    def __init__(self, *args, carriers: list[tuple[str, str, list[str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier_code"].widget = forms.Select(
            choices=[("", "— Pick a carrier —")]
            + [(code, f"{code} — {name}") for code, name, _ in carriers]
        )
        groups = [
            (f"{code} — {name}", [(service, service) for service in codes])
            for code, name, codes in carriers
            if codes
        ]
        self.fields["service_code"].widget = forms.Select(choices=[("", "(no service)"), *groups])
