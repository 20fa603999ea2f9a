"""Reads for a resident's data export: what the pins domain holds about one person.

Their own pins come with everything they were told (status history and the public
answers) but nothing the partners keep for themselves (internal notes, who handled it).
Pins are named by their public id (the one in their web address), never the database's
number. Other residents' pins appear only where this person supported, commented on or
reported them, and then only as their public id and title.
"""

from __future__ import annotations

import json
import posixpath

from participatie.pins.models import Comment, Pin, PinPhoto, Report, Support


def _when(value) -> str | None:
    return value.isoformat() if value else None


def photo_archive_name(photo: PinPhoto) -> str:
    """Where a photo goes in the export: photos/<pin's public id>/<its own file name>."""
    return f"photos/{photo.pin.public_id}/{posixpath.basename(photo.image.name)}"


def own_pins_feature_collection(user) -> dict:
    """The user's pins as a GeoJSON FeatureCollection (WGS84), also confidential signals,
    hidden and withdrawn ones, each with its status history and photos."""
    pins = (
        Pin.objects.filter(author=user)
        .select_related("category", "neighbourhood", "district")
        .prefetch_related("status_changes", "photos")
        .order_by("created_at", "id")
    )
    features = []
    for pin in pins:
        features.append(
            {
                "type": "Feature",
                "id": pin.public_id,
                "geometry": json.loads(pin.geom.json),
                "properties": {
                    "kind": pin.kind,
                    "category": pin.category.slug,
                    "category_name": pin.category.display_name,
                    "confidential": pin.category.is_sensitive,
                    "title": pin.title,
                    "description": pin.description,
                    "status": pin.status,
                    "status_label": str(pin.get_status_display()),
                    "answer": pin.status_reason,
                    "may_be_contacted": pin.contact_consent,
                    "hidden_by_moderation": pin.is_hidden,
                    "neighbourhood": pin.neighbourhood.name if pin.neighbourhood else None,
                    "district": pin.district.name if pin.district else None,
                    "support_count": pin.support_count,
                    "comment_count": pin.comment_count,
                    "created_at": _when(pin.created_at),
                    "status_history": [
                        {
                            "from": change.from_status or None,
                            "to": change.to_status,
                            "answer": change.reason,
                            "at": _when(change.created_at),
                        }
                        for change in pin.status_changes.all()
                    ],
                    "photos": [photo_archive_name(photo) for photo in pin.photos.all()],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def own_photos(user) -> list[PinPhoto]:
    """The photos of the user's pins (the originals; thumbnails are copies of them)."""
    return list(
        PinPhoto.objects.filter(pin__author=user).select_related("pin").order_by("pin_id", "id")
    )


def own_comments(user) -> list[dict]:
    comments = Comment.objects.filter(author=user).select_related("pin").order_by("created_at")
    return [
        {
            "pin": comment.pin.public_id,
            "pin_title": comment.pin.title,
            "body": comment.body,
            "hidden_by_moderation": comment.is_hidden,
            "created_at": _when(comment.created_at),
        }
        for comment in comments
    ]


def own_supports(user) -> list[dict]:
    supports = Support.objects.filter(user=user).select_related("pin").order_by("created_at")
    return [
        {"pin": s.pin.public_id, "pin_title": s.pin.title, "created_at": _when(s.created_at)}
        for s in supports
    ]


def own_reports(user) -> list[dict]:
    """What the user reported to the moderators (the pin or comment, the reason)."""
    reports = (
        Report.objects.filter(reporter=user)
        .select_related("pin", "comment__pin")
        .order_by("created_at", "id")
    )
    return [
        {
            # A reported comment is named by its pin and its text.
            "pin": (report.pin or report.comment.pin).public_id,
            "comment": report.comment.body if report.comment else None,
            "reason": report.reason,
            "explanation": report.explanation,
            "created_at": _when(report.created_at),
        }
        for report in reports
    ]
