"""Keyed hashes that keep ballots secret, and voting codes that cannot be guessed.

A voter (a resident or a voting code) is stored only as HMAC-SHA256 under a key derived
from SECRET_KEY and the project, so the same person gives unrelated keys in different
projects, and the database alone cannot tell who they are. Voting codes are 12 characters
from a 32-letter alphabet without look-alikes (60 bits): guessing one among a
thousand issued takes on the order of 10^15 tries, and tries are rate-limited per client.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0 or 1
CODE_LENGTH = 12


def _keyed(purpose: str, project_id: int, value: str) -> str:
    key = hashlib.sha256(f"{settings.SECRET_KEY}|voting|{purpose}|{project_id}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def resident_identity(user) -> str:
    return f"resident:{user.pk}"


def code_identity(code: str) -> str:
    return f"code:{normalise_code(code)}"


def voter_key(project_id: int, identity: str) -> str:
    return _keyed("voter", project_id, identity)


def change_key(project_id: int, identity: str) -> str:
    return _keyed("change", project_id, identity)


def code_hash(project_id: int, code: str) -> str:
    return _keyed("code", project_id, normalise_code(code))


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(normalise_code(receipt).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def new_receipt() -> str:
    return new_code()
