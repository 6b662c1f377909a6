"""Password hashing with scrypt (memory-hard, standard library) and the password policy."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# n=2**14, r=8: 16 MiB of memory and about 50 ms per check on an office PC.
_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P,
                            maxmem=_MAXMEM, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), maxmem=_MAXMEM,
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def policy_problems(password: str, username: str = "", minimum: int = 8) -> list[str]:
    """What is wrong with a new password, in Indonesian; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < minimum:
        problems.append(f"Kata sandi minimal {minimum} karakter.")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append("Kata sandi harus memuat huruf dan angka.")
    if username and username.lower() in password.lower():
        problems.append("Kata sandi tidak boleh memuat nama pengguna.")
    if password.strip() != password:
        problems.append("Kata sandi tidak boleh diawali atau diakhiri spasi.")
    return problems
