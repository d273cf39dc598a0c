"""The menu bar: the entries apps register (core.contributions), each marked when it is the
page being shown."""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse

from phoihop.core.contributions import menu_entries

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


@dataclass
class MenuGroup:
    """A drop-down of the bar: its label and links; current when one of them is."""

    label: str
    links: list[MenuLink] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def grouped(entries_and_links) -> list[MenuLink | MenuGroup]:
    """Links in order, those of one group gathered where the group's first entry stands."""
    items: list[MenuLink | MenuGroup] = []
    groups: dict[str, MenuGroup] = {}
    for entry, link in entries_and_links:
        if not entry.group:
            items.append(link)
            continue
        key = str(entry.group)
        if key not in groups:
            groups[key] = MenuGroup(label=key)
            items.append(groups[key])
        groups[key].links.append(link)
    # A group the user sees one entry of is that entry: no drop-down of one.
    return [
        item.links[0] if isinstance(item, MenuGroup) and len(item.links) == 1 else item
        for item in items
    ]


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[MenuLink | MenuGroup]:
    """The menu entries the user may see. An entry is current when the page's view name starts
    with one of its prefixes: "plans:task" covers plans:task_list, plans:task_detail, … When
    several entries match, the longest prefix wins: "reporting:analysis" is the figures' page,
    not one of the reports under "reporting:"."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    entries = menu_entries(request.user)
    matched = {
        entry.url_name: max(len(p) for p in entry.current if view_name.startswith(p))
        for entry in entries
        if view_name.startswith(entry.current)
    }
    chosen = max(matched, key=matched.get) if matched else None
    return grouped(
        (
            entry,
            MenuLink(
                label=entry.label,
                url=reverse(entry.url_name) + entry.query,
                current=entry.url_name == chosen,
            ),
        )
        for entry in entries
    )
