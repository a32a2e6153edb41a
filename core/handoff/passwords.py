"""Password hashes: scrypt (hashlib, RFC 7914) with a random salt, stored as
``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``. Verifying takes the same time whether or not the
account exists (`verify(None, ...)` hashes a dummy)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Optional

N, R, P, LENGTH = 2 ** 14, 8, 1, 32
MIN_LENGTH = 10


def hash_password(password: str, n: int = N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=R, p=P, dklen=LENGTH, maxmem=64 * 1024 * 1024)
    return f"scrypt${n}${R}${P}${salt.hex()}${digest.hex()}"


_DUMMY = hash_password("not a password of anyone")


def verify(stored: Optional[str], password: str) -> bool:
    """True when `password` matches `stored`; a dummy check (same cost) when `stored` is None."""
    try:
        kind, n, r, p, salt, digest = (stored or _DUMMY).split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2, maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return stored is not None and hmac.compare_digest(got.hex(), digest)


def password_problem(password: str) -> Optional[str]:
    """Why `password` is not good enough for a counsellor account, or None."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if password.lower() == password and password.isalpha():
        return "a password needs more than lower-case letters"
    return None
