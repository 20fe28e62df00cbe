"""The Jinja2 environment of the paper-list partials: Django's translations and number format.

A message is `{{ _("...") }}`, with values `{{ _("... %(n)s ...")|format(n=...) }}`: the one spelling that
`makemessages` finds in a template (django.utils.translation.template), so no Jinja2 extractor is needed.
The result is escaped on output as a whole, values included; messages hold no HTML.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from jinja2 import Environment

from pubdb.i18n import list_separator, names_in_order


def environment(**options):
    options.pop("autoescape", None)  # Django's backend passes True: kept on whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        translation.gettext, translation.ngettext, newstyle=False
    )
    env.filters["intcomma"] = intcomma
    env.globals["names_in_order"] = names_in_order
    env.globals["list_separator"] = list_separator
    return env
