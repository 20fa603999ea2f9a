"""Pins get a random public id (backfilled here), and pin photos move under
MEDIA_ROOT/private/, which /media/ does not serve: from now on only the pin photo view
serves them, to whoever may see the pin."""

import os

from django.conf import settings
from django.db import migrations, models

import participatie.pins.models.pins

BATCH = 5000
PRIVATE = "private/"


def backfill_public_ids(apps, schema_editor):
    Pin = apps.get_model("pins", "Pin")
    new_id = participatie.pins.models.pins.new_public_id
    missing = Pin.objects.filter(public_id__isnull=True).only("pk").order_by("pk")
    while batch := list(missing[:BATCH]):
        for pin in batch:
            pin.public_id = new_id()
        Pin.objects.bulk_update(batch, ["public_id"])


def _move(name: str, to_private: bool) -> str:
    if not name or name.startswith(PRIVATE) == to_private:
        return name
    target = PRIVATE + name if to_private else name[len(PRIVATE) :]
    source_path = os.path.join(settings.MEDIA_ROOT, name)
    target_path = os.path.join(settings.MEDIA_ROOT, target)
    if os.path.exists(source_path):
        os.makedirs(os.path.dirname(target_path), exist_ok=True)
        os.replace(source_path, target_path)
    # A file missing on this machine (another server's disk) keeps its new name anyway:
    # /media/ must not serve it under the old one.
    return target


def _move_photos(apps, to_private: bool) -> None:
    PinPhoto = apps.get_model("pins", "PinPhoto")
    for photo in PinPhoto.objects.only("image", "thumbnail").iterator():
        image, thumbnail = _move(photo.image.name, to_private), _move(
            photo.thumbnail.name, to_private
        )
        if (image, thumbnail) != (photo.image.name, photo.thumbnail.name):
            PinPhoto.objects.filter(pk=photo.pk).update(image=image, thumbnail=thumbnail)


def photos_to_private(apps, schema_editor):
    _move_photos(apps, True)


def photos_to_public(apps, schema_editor):
    _move_photos(apps, False)


class Migration(migrations.Migration):
    dependencies = [("pins", "0004_history_forgets_deleted_actors")]

    operations = [
        migrations.AddField(
            model_name="pin",
            name="public_id",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="public id"
            ),
        ),
        migrations.RunPython(backfill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pin",
            name="public_id",
            field=models.CharField(
                default=participatie.pins.models.pins.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public id",
            ),
        ),
        migrations.RunPython(photos_to_private, photos_to_public),
    ]
