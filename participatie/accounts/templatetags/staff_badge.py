from django import template

from participatie.accounts.badges import staff_badge as badge_of

register = template.Library()


@register.inclusion_tag("accounts/_staff_badge.html")
def staff_badge(user):
    """{% staff_badge comment.author %}: the verified badge of a staff author, else nothing."""
    return {"badge": badge_of(user)}
