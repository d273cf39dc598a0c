"""Open311 GeoReport v2 answers in the two formats the specification shows: a JSON array (or
object, for discovery and a service definition) and XML with the spec's element names."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of one entry of each list, as the spec's XML examples name them.
LIST_ITEMS = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "services": "service",
    "service_requests": "request",
    "errors": "error",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    elif isinstance(value, list):
        item_tag = LIST_ITEMS[element.tag]
        for child in value:
            _fill(ElementTree.SubElement(element, item_tag), child)
    else:
        element.text = _text(value)


def xml_bytes(root: str, data) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, data)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        element, encoding="utf-8", xml_declaration=False
    )


def respond(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """`data` as JSON, or as XML under `root` (a list's entries named by LIST_ITEMS)."""
    body = xml_bytes(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))
    response["Cache-Control"] = "no-store"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error shape: a list of {code, description}."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status=status)
