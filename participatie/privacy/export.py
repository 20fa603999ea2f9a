"""A resident's data export: one zip with everything the site keeps about them.

    account.json       the account (profile, home neighbourhood, dates)
    pins.geojson       their pins, also confidential signals, with status history and answers
    comments.json      their comments on pins
    supports.json      the pins they support
    reports.json       what they reported to the moderators
    redesigns.json     their comments on redesigns, and in which projects they voted (never
                       what they chose: a ballot does not know its voter)
    initiatives.json   the neighbourhood initiatives they (co-)organise, their backings and
                       objections, volunteer sign-ups and review messages
    photos/<pin>/      the photos of their pins, as files (by the pin's public id)
    LEESMIJ.txt        what the files are

The zip is written to an anonymous temporary file (no name on disk, gone when closed) and
streamed from there, so a resident with many photos does not fill the server's memory.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from typing import IO

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.accounts.leaving import account_data
from participatie.initiatives import personal_data as initiatives_data
from participatie.pins import personal_data as pins_data
from participatie.voting import personal_data as voting_data


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def export_filename() -> str:
    return f"mijn-gegevens-{timezone.localdate().isoformat()}.zip"


def _readme() -> str:
    lines = [
        _("Your data at %(site)s, exported on %(date)s.")
        % {"site": settings.SITE_NAME, "date": timezone.localdate().isoformat()},
        "",
        "account.json: " + _("your account: e-mail address, display name, home neighbourhood"),
        "pins.geojson: " + _("your ideas, complaints and signals with their status history"),
        "comments.json: " + _("your comments on ideas and complaints"),
        "supports.json: " + _("the ideas and complaints you support"),
        "reports.json: " + _("what you reported to the moderators"),
        "redesigns.json: "
        + _("your comments on redesigns and the votes you took part in (never your choice)"),
        "initiatives.json: "
        + _("your neighbourhood initiatives, backings, volunteer sign-ups and review messages"),
        "photos/: " + _("the photos you added"),
    ]
    return "\n".join(lines) + "\n"


def export_write(*, user, target: IO[bytes]) -> None:
    """Write the zip of everything about `user` to the binary file `target`."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEESMIJ.txt", _readme())
        archive.writestr("account.json", _json(account_data(user)))
        archive.writestr("pins.geojson", _json(pins_data.own_pins_feature_collection(user)))
        archive.writestr("comments.json", _json(pins_data.own_comments(user)))
        archive.writestr("supports.json", _json(pins_data.own_supports(user)))
        archive.writestr("reports.json", _json(pins_data.own_reports(user)))
        archive.writestr(
            "redesigns.json",
            _json(
                {
                    "comments": voting_data.own_comments(user),
                    "votes": voting_data.projects_voted_in(user),
                }
            ),
        )
        archive.writestr("initiatives.json", _json(initiatives_data.export(user)))
        for photo in pins_data.own_photos(user):
            # Stored JPEGs are compressed already.
            with photo.image.open("rb") as source:
                archive.writestr(
                    pins_data.photo_archive_name(photo),
                    source.read(),
                    compress_type=zipfile.ZIP_STORED,
                )


def export_file(*, user) -> IO[bytes]:
    """The zip in an anonymous temporary file, positioned at its start; closing it (as a
    FileResponse does once sent) removes it."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    try:
        export_write(user=user, target=target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target


def export_response(*, user) -> FileResponse:
    """The zip as a download that no cache keeps: the account page's and the API's."""
    response = FileResponse(
        export_file(user=user),
        as_attachment=True,
        filename=export_filename(),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
