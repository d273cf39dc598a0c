"""One address per article: the normalised URL and its SHA-256 key.

The same article reaches us as a tracking link from a newsletter, as its AMP page and as its
mobile page; all of them are folded to one address before the key is taken (Media Cloud keys
stories the same way, by the hash of the normalised URL)."""

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that say who sent the reader, never which article it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "source",
        "cmpid", "zarsrc", "zalo_source", "itm_source", "itm_medium", "itm_campaign",
        "amp", "outputtype", "output",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "itm_")
# Host prefixes of mobile and AMP editions: m.vnexpress.net is vnexpress.net.
MOBILE_HOST = re.compile(r"^(?:www|m|mobile|amp|wap)\.(?=[^.]+\.[^.])")
# Path pieces of AMP editions: /amp/, /amp, .amp, -amp.html ending.
AMP_PATH = (
    (re.compile(r"/amp(?=/|$)"), ""),
    (re.compile(r"\.amp(?=\.html?$|$)"), ""),
    (re.compile(r"-amp(?=\.html?$)"), ""),
)
DEFAULT_PORTS = {"http": "80", "https": "443"}


class InvalidURL(ValueError):
    pass


def normalize_url(url: str) -> str:
    """The one address of an article; raises InvalidURL for anything that is not http(s)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(url) from exc
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidURL(url)
    host = MOBILE_HOST.sub("", host)
    if port is not None and str(port) not in DEFAULT_PORTS.values():
        host = f"{host}:{port}"
    return urlunsplit(("https", host, _path(parts.path), _query(parts.query), ""))


def _path(path: str) -> str:
    path = quote(unquote(path), safe="/%:@!$&'()*+,;=-._~")
    for pattern, replacement in AMP_PATH:
        path = pattern.sub(replacement, path)
    path = re.sub(r"/{2,}", "/", path)
    if path.endswith("/index.html") or path.endswith("/index.htm"):
        path = path.rsplit("/", 1)[0]
    return path.rstrip("/") or "/"


def _query(query: str) -> str:
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    return urlencode(sorted(kept))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def url_key(url: str) -> str:
    """The article's id: SHA-256 of its normalised URL, 64 hex digits."""
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()
