"""Free text as people see it: a title of spaces and zero-width characters is empty.

`str.strip()` keeps the zero-width space (U+200B), the joiners (U+200C, U+200D), the word
joiner (U+2060), the byte order mark (U+FEFF) and a few other characters that show nothing
on their own, so "\u200b" would pass as a title. They are stripped from both ends together
with the whitespace; inside a text they stay, where a joiner can be part of an emoji or of
a word in another script.
"""

from __future__ import annotations

import re

from django import forms

# Characters that draw nothing on their own: zero-width space, non-joiner, joiner,
# left-to-right and right-to-left marks, word joiner, invisible operators, byte order mark,
# soft hyphen, combining grapheme joiner, Mongolian vowel separator and the Hangul fillers
# that are often used for "empty" names.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u00ad\u034f\u180e\u115f\u1160\u3164\uffa0"
)
_ENDS = re.compile(rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$")


def visible_text(value: str) -> str:
    """`value` without whitespace and invisible characters at either end."""
    return _ENDS.sub("", value)


class VisibleTextField(forms.CharField):
    """A form's free-text field: invisible characters at the ends go with the whitespace, so
    a text of nothing else gets the field's own "required" message."""

    def to_python(self, value):
        value = super().to_python(value)
        return visible_text(value) if isinstance(value, str) else value
