"""Input fields shared by the API's serializers."""

from __future__ import annotations

from rest_framework import serializers

from participatie.guards.text import visible_text


class VisibleCharField(serializers.CharField):
    """Free text: invisible characters at the ends go with the whitespace (DRF's trim), so a
    text of nothing else is blank and gets DRF's usual "may not be blank"."""

    def to_internal_value(self, data):
        # Text only: DRF's CharField would take the JSON number 0 as "0", which the schema
        # (type string) does not allow.
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = visible_text(data)
        return super().run_validation(data)
