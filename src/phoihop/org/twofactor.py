"""Two-factor sign-in: the reads and helpers around django-otp's devices.

A person has two-factor sign-in when they own a confirmed TOTP device (an authenticator app);
their recovery codes are one django-otp static device with ten single-use tokens. A session is
fully signed in once `request.user.is_verified()` (django-otp's OTPMiddleware), and
`org.middleware.TwoFactorMiddleware` keeps everyone else at the code step or the set-up page.
The writes are in `services.py` (enable, disable, verify a code).
"""

import base64
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .models import Membership
from .scope import grants

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# The secret being set up lives in the session until the first code confirms it: no device row
# exists for a half-finished set-up, and reloading the page shows the same secret.
SETUP_SESSION_KEY = "two_factor_setup_key"
MAX_CODE_LENGTH = 32


def has_two_factor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user) -> bool:
    """System and organisation administrators must use two-factor sign-in (a setting)."""
    if not settings.OTP_REQUIRED_FOR_ADMINS or not user.is_authenticated:
        return False
    return user.is_superuser or bool(grants(user, {Membership.Role.ORG_ADMIN}))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_since(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).only("created_at").first()
    return device.created_at if device else None


# Setting up ------------------------------------------------------------------------------------


def new_secret() -> str:
    """A fresh 160-bit TOTP secret, hex-encoded as django-otp stores it."""
    return random_hex(20)


def secret_for_typing(key_hex: str) -> str:
    """The secret in base32, grouped by four, for people who type it into their app."""
    text = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI for an <img>: drawn on the server, no script needed."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def normalise_code(code: str) -> str:
    """What a person types, in lower case and without spaces, hyphens or anything else that
    no code contains (recovery codes are lower-case base32, authenticator codes digits), so
    odd Unicode never reaches the database."""
    kept = (ch for ch in code[: MAX_CODE_LENGTH * 4] if ch.isascii() and ch.isalnum())
    return "".join(kept).lower()[:MAX_CODE_LENGTH]


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


def setup_code_step(key_hex: str, code: str) -> int | None:
    """The time step a code for a not-yet-saved secret matches (one step of clock drift either
    way), or None. The step is kept on the device so the same code cannot sign in again."""
    code = normalise_code(code)
    if not is_totp_code(code):
        return None
    totp = TOTP(unhexlify(key_hex), digits=TOTP_DIGITS)
    if not totp.verify(int(code), tolerance=1):
        return None
    return totp.t()  # verify() left the matching drift in place


def new_recovery_codes() -> list[str]:
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    return sorted(codes)


def devices_for_code(user, code: str):
    """The confirmed devices a typed code is checked against, locked for the check: an
    authenticator code goes to the TOTP device, anything else to the recovery codes, so a
    mistyped code counts against one device's throttle only."""
    model = TOTPDevice if is_totp_code(code) else StaticDevice
    return model.objects.select_for_update().filter(user=user, confirmed=True)
