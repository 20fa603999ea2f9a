"""Path converters of the pins' public URLs (pages and API): a pin by its public id, a
photo by the random name of its file. Anything else (an old numeric id) matches no URL
and is a 404, without asking the database whether such a pin exists."""

from django.urls import register_converter


class PublicIdConverter:
    regex = "[a-z2-7]{12,16}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PhotoNameConverter:
    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicIdConverter, "pin")
register_converter(PhotoNameConverter, "photo")


# A well-formed id that only stands in for the page scripts' "__id__".
_PLACEHOLDER = "a" * 12


def pin_url_template(name: str) -> str:
    """The URL of `name` with "__id__" where a pin's public id goes (for the page scripts)."""
    from django.urls import reverse

    return reverse(name, kwargs={"public_id": _PLACEHOLDER}).replace(_PLACEHOLDER, "__id__")
