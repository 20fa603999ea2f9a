from django import forms
from django.utils.translation import gettext_lazy as _

KEEP, REMOVE = "keep", "remove"


class AccountDeleteForm(forms.Form):
    """The resident chooses what happens to their pins and confirms with their password
    (checked by the service, whose error lands on the password field)."""

    pins = forms.ChoiceField(
        label=_("What happens to your ideas, complaints and comments?"),
        choices=[
            (KEEP, _("Keep them on the map without my name (shown as “Resident”)")),
            (REMOVE, _("Remove them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your ideas and comments.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    @property
    def keep_pins(self) -> bool:
        return self.cleaned_data["pins"] == KEEP
