"""The residents' forms of a redesign project: the vote, a comment, a receipt check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.guards.text import VisibleTextField
from participatie.voting.models import RedesignProject
from participatie.voting.models.comments import COMMENT_MAX

DESIGN_NAME = _("Design %(letter)s: %(title)s")
CODE_WIDGET = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "class": "code-input",
}


class VoteForm(forms.Form):
    """Radio buttons for one choice, check boxes for approval voting; the voting code where
    the project votes by code (no account needed)."""

    def __init__(self, project: RedesignProject, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        options = [
            (str(o.pk), DESIGN_NAME % {"letter": chr(65 + i), "title": o.title})
            for i, o in enumerate(project.options.order_by("order", "pk"))
        ]
        if project.method == RedesignProject.Method.APPROVAL:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your choice"),
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Tick every design you agree with: one, several or all."),
                error_messages={"required": _("Tick at least one design.")},
            )
        else:
            self.fields["choices"] = forms.ChoiceField(
                label=_("Your choice"),
                choices=options,
                widget=forms.RadioSelect,
                help_text=_("Choose one design."),
                error_messages={"required": _("Choose one of the designs.")},
            )
        if project.eligibility == RedesignProject.Eligibility.CODES:
            self.fields["code"] = forms.CharField(
                label=_("Voting code"),
                max_length=64,
                help_text=_("The code from your letter, for example ABCD-EFGH-JKLM."),
                error_messages={"required": _("Enter the voting code from your letter.")},
                widget=forms.TextInput(attrs=CODE_WIDGET),
            )

    def option_ids(self) -> list[int]:
        chosen = self.cleaned_data["choices"]
        return [int(pk) for pk in (chosen if isinstance(chosen, list) else [chosen])]


class CommentForm(forms.Form):
    body = VisibleTextField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible to everyone, with your display name."),
        error_messages={"required": _("Write a comment first.")},
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt"),
        max_length=64,
        help_text=_("The code you were shown after voting."),
        error_messages={"required": _("Enter the receipt you noted down.")},
        widget=forms.TextInput(attrs=CODE_WIDGET),
    )
