from django import template

from participatie.initiatives.services import euros as euros_text

register = template.Library()


@register.filter
def euros(cents) -> str:
    """Cents as "€ 1.234,50"; an empty amount as a dash."""
    if cents is None or cents == "":
        return "—"
    return euros_text(int(cents))


@register.simple_tag
def initiatives_of(pin) -> list:
    """The public initiatives that grew out of an idea pin (for the pin's page)."""
    from participatie.initiatives.models import Initiative

    return list(Initiative.objects.public().filter(from_pin=pin).order_by("-submitted_at"))
