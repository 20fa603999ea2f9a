"""`{% designer_url user as url %}`: the designers' pages for those who design (the site
header's link), empty for everyone else. The rule is roles.can_design, as on the pages."""

from django import template
from django.urls import reverse

from participatie.voting import roles

register = template.Library()


@register.simple_tag
def designer_url(user) -> str:
    return reverse("designer-projects") if roles.can_design(user) else ""
