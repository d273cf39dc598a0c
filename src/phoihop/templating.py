"""The Jinja2 environment of the row-heavy fragments.

Pages are Django templates. A fragment that repeats for up to 100 rows (the organisation list,
the tree) is a Jinja2 template under `<app>/jinja2/`: Jinja2 compiles it to Python and renders
a row about three times faster; the rows it prints are computed in Python beforehand
(org/rows.py). Both keep those pages under the latency goal on two cores (docs/architecture.md,
"Keeping pages fast"). A page includes such a fragment with `{% jinja "org/_rows.html"
name=value %}` (core/templatetags/fragments.py), passing only what it needs.

Translation is Django's gettext: `{{ _("…") }}` in a fragment is found by makemessages like the
same expression in a Django template.
"""

from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options) -> Environment:
    from phoihop.core.contributions import menu_entries
    from phoihop.core.links import nav_current, page_url

    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(page_url=page_url, nav_current=nav_current, menu_entries=menu_entries)
    return env
