from django import template

from frontend.jsi18n import catalog_url

register = template.Library()


@register.simple_tag
def javascript_catalog_url() -> str:
    """The address of the page scripts' translations in the page's language."""
    return catalog_url()
