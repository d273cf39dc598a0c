"""The QR codes of check-in, signed with the site's secret (django.core.signing).

- The *door code* is shown at the entrance: it names one event and that event's current door
  token, so it checks in whoever scans it (signed in, invited) at that event only; rotating the
  token voids every printed copy.
- A person's *pass* names one event and one person: the organiser scans it from the person's
  phone to check them in. It is worthless for any other event or person.
A code altered by hand fails its signature.
"""

import base64

import qrcode
import qrcode.image.svg
from django.core import signing

DOOR_SALT = "phoihop.events.door"
PASS_SALT = "phoihop.events.pass"


def door_code(event) -> str:
    return signing.Signer(salt=DOOR_SALT).sign(f"{event.pk}.{event.door_token}")


def pass_code(event, person) -> str:
    return signing.Signer(salt=PASS_SALT).sign(f"{event.pk}.{person.pk}")


def _unsign(code: str, salt: str) -> tuple[str, str] | None:
    try:
        value = signing.Signer(salt=salt).unsign(code or "")
    except signing.BadSignature:
        return None
    first, _dot, second = value.partition(".")
    return (first, second) if second else None


def door_code_is_valid(event, code: str) -> bool:
    parts = _unsign(code, DOOR_SALT)
    return parts is not None and parts == (str(event.pk), event.door_token)


def pass_person_id(event, code: str) -> int | None:
    """The id of the person a pass names, when it is a pass for this event; else None."""
    parts = _unsign(code, PASS_SALT)
    if parts is None or parts[0] != str(event.pk) or not parts[1].isdigit():
        return None
    return int(parts[1])


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI for an <img> (as the two-factor set-up page draws one)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()
