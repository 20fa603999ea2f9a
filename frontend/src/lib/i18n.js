// Translations from Django's JavaScript catalog (/jsi18n/…, domain "djangojs"), which
// base.html loads before the page script. The strings in the calls below are the msgids
// that `manage.py makemessages -d djangojs` collects from these sources. Without the
// catalog (it failed to load) the English msgids are shown rather than nothing.
const catalog = () => globalThis.django ?? {};

export function gettext(msgid) {
  const django = catalog();
  return django.gettext ? django.gettext(msgid) : msgid;
}

export function ngettext(singular, plural, count) {
  const django = catalog();
  if (django.ngettext) return django.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

// Fills %(name)s placeholders from an object (Django's interpolate with named=true).
export function interpolate(fmt, values) {
  const django = catalog();
  if (django.interpolate) return django.interpolate(fmt, values, true);
  return fmt.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

// The page's language (<html lang>), for dates and numbers.
export function language() {
  return document.documentElement.lang || undefined;
}
