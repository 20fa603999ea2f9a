"""`{% workspace_url user as url %}`: the workspace's address for those who use it (the
site header's link), empty for everyone else. The rule is roles.can_triage, as on the
workspace's own pages."""

from django import template
from django.urls import reverse

from participatie.pins import roles

register = template.Library()


@register.simple_tag
def workspace_url(user) -> str:
    return reverse("workspace") if roles.can_triage(user) else ""
