"""Input fields shared by the API's serializers."""

from __future__ import annotations

from rest_framework import serializers

from participatie.guards.text import visible_text


class VisibleCharField(serializers.CharField):
    """Free text: invisible characters at the ends go with the whitespace (DRF's trim), so a
    text of nothing else is blank and gets DRF's usual "may not be blank"."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = visible_text(data)
        return super().run_validation(data)
