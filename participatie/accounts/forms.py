"""Forms of the account pages. Field errors are shown next to the field in the page."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maps import areas, geocoding
from participatie.accounts import selectors
from participatie.accounts.access import is_staff_member
from participatie.accounts.models import User
from participatie.accounts.reserved_names import reserved_word_in
from participatie.accounts.services import user_authenticate
from participatie.guards.text import VisibleTextField

POSTCODE = RegexValidator(r"^\s*\d{4}\s*[A-Za-z]{2}\s*$", _("Enter a postcode like 9401 AB."))
HOUSE_NUMBER = RegexValidator(
    r"^\s*\d{1,5}\s*[-\s]?\s*[A-Za-z0-9]{0,4}\s*$", _("Enter a house number like 12 or 12a.")
)


def _neighbourhood_choices():
    return [("", _("(not given)")), *areas.neighbourhood_choices()]


class NeighbourhoodField(forms.ChoiceField):
    """Neighbourhoods grouped by district; cleans to an Area (or None)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=_neighbourhood_choices, **kwargs)

    def clean(self, value):
        code = super().clean(value)
        return selectors.neighbourhood_by_code(code) if code else None


class DisplayNameField(VisibleTextField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", User._meta.get_field("display_name").max_length)
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault(
            "help_text",
            _(
                "Shown with your ideas and comments. Leave empty to appear as “Resident”. "
                "Do not use your e-mail address."
            ),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "nickname")

    def clean(self, value):
        value = " ".join(super().clean(value).split())
        if "@" in value:
            raise forms.ValidationError(
                _("Choose a name without “@”: your e-mail address is never shown."),
                code="email_as_name",
            )
        return value


def refuse_reserved_name(value: str) -> str:
    """A resident's display name may not pass for staff (reserved_names.py): staff answers
    carry a badge instead."""
    word = reserved_word_in(value)
    if word:
        raise forms.ValidationError(
            _(
                "Choose a name without “%(word)s”: names of teams, partners and staff "
                "functions are reserved. Staff answers are marked with a badge."
            ),
            code="reserved_name",
            params={"word": word},
        )
    return value


class HomeNeighbourhoodMixin(forms.Form):
    """Home neighbourhood from the list, or looked up from postcode and house number when
    the look-up is configured. Only the neighbourhood is kept, never the address."""

    home_neighbourhood = NeighbourhoodField(
        label=_("Home neighbourhood"),
        help_text=_("Helps the neighbourhood team; not shown publicly."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        validators=[POSTCODE],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
    )
    house_number = forms.CharField(
        label=_("House number"),
        required=False,
        max_length=10,
        validators=[HOUSE_NUMBER],
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "text"}),
    )

    address_fields = ("postcode", "house_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.address_lookup = geocoding.is_enabled()
        if self.address_lookup:
            self.fields["postcode"].help_text = _(
                "Or find your neighbourhood from your postcode and house number. We only "
                "keep the neighbourhood, not your address."
            )
        else:
            for name in self.address_fields:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if not self.address_lookup or cleaned.get("home_neighbourhood"):
            return cleaned
        postcode, number = cleaned.get("postcode"), cleaned.get("house_number")
        if not postcode and not number:
            return cleaned
        if any(name in self.errors for name in self.address_fields):
            return cleaned
        if not postcode or not number:
            missing = "postcode" if not postcode else "house_number"
            self.add_error(missing, _("Enter both postcode and house number, or neither."))
            return cleaned
        number_digits = re.match(r"\s*(\d+)", number).group(1)
        try:
            area = selectors.neighbourhood_for_address(
                postcode=postcode, house_number=number_digits
            )
        except selectors.AddressLookupFailed:
            self.add_error(
                "postcode",
                _(
                    "This address could not be looked up: it was not found, or the look-up "
                    "is not available right now. Choose your neighbourhood from the list instead."
                ),
            )
            return cleaned
        if area is None:
            self.add_error(
                "postcode",
                _(
                    "This address is not in one of our neighbourhoods. "
                    "Choose from the list instead."
                ),
            )
        else:
            cleaned["home_neighbourhood"] = area
        return cleaned


class SignupForm(HomeNeighbourhoodMixin):
    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "home_neighbourhood",
        "postcode",
        "house_number",
        "consent",
    ]

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to confirm it. It is never shown to others."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = DisplayNameField()
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("You can only sign up if you agree with the privacy statement.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        link = format_html('<a href="{}">{}</a>', reverse("privacy"), _("privacy statement"))
        self.fields["consent"].label = format_html(
            _("I agree with the {privacy_statement}."), privacy_statement=link
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_display_name(self):
        return refuse_reserved_name(self.cleaned_data["display_name"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            email = cleaned.get("email", "")
            candidate = User(
                username=email, email=email, display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(HomeNeighbourhoodMixin):
    field_order = ["display_name", "home_neighbourhood", "postcode", "house_number"]

    display_name = DisplayNameField()

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "display_name": user.display_name,
                "home_neighbourhood": user.home_neighbourhood.code
                if user.home_neighbourhood
                else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_display_name(self):
        value = self.cleaned_data["display_name"]
        # Staff keep their own names: their answers carry the badge.
        return value if is_staff_member(self.user) else refuse_reserved_name(value)


class LoginForm(forms.Form):
    """E-mail address and password; works with Django's LoginView (get_user, request)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user_cache = user_authenticate(
                request=self.request, email=email, password=password
            )
            if self.user_cache is None:
                raise forms.ValidationError(
                    _("This e-mail address and password do not match an account."),
                    code="invalid_login",
                )
        return cleaned

    def get_user(self):
        return self.user_cache


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordResetForm(DjangoPasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")


class CodeForm(forms.Form):
    """The six digits of an authenticator app (spaces are allowed, as some apps show them)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("Six digits. A new code appears every 30 seconds."),
        error_messages={"required": _("Enter the code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("A code is six digits."), code="format")
        return code
