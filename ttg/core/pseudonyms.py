"""Short, readable pseudonyms: the same text for the same thing every time, not reversible without the key.

Mechanism only (it knows no model): `pseudonym("case", 42, prefix="C")` is an HMAC-SHA256 of the
namespace and the value under a key the service keeps in its settings (TTG_PSEUDONYM_KEY, or one
derived from SECRET_KEY), written in Crockford's base 32 (no I, L, O or U, so nothing is misread) as
"C-7K3P-Q9XM". Someone who sees only pseudonyms cannot work back to the value, or guess it and check,
without the key. Eight characters are 40 bits: among a million values, a pair with the same text is
unlikely (about one chance in two thousand).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
LENGTH = 8


def _key() -> bytes:
    return _key_from(str(getattr(settings, "TTG_PSEUDONYM_KEY", "") or ""), str(settings.SECRET_KEY))


@lru_cache(maxsize=4)
def _key_from(configured: str, secret_key: str) -> bytes:
    if configured:
        return configured.encode()
    return hmac.new(secret_key.encode(), b"ttg pseudonyms", hashlib.sha256).digest()


def pseudonym(namespace: str, value: object, *, prefix: str) -> str:
    """ "PREFIX-XXXX-XXXX": the same for the same namespace and value under the same key."""
    digest = hmac.new(_key(), f"{namespace}:{value}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits: eight characters of five bits
    chars = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH)))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"
