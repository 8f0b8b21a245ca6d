#!/usr/bin/env python3
"""Reference implementation of the resetlink reset-token format, version 1.

Written clean-room from docs/token-format.md alone (Python 3.11, standard library only).
It is meant to cross-check the Swift implementation through
Tests/ResetTokensTests/token-vectors.json, not to run in production.

Module use:
    keyring = Keyring.from_json(json.load(open("keys.json")))
    token = issue(keyring.signing_key(), PURPOSE_PASSWORD_RESET, account, now, 3600)
    result = verify(token, keyring, now, "password-reset", lookup_account)

CLI (prints one JSON object on stdout):
    resetlink_token.py verify --keys FILE --token TOKEN --now UNIX --purpose LABEL
                              [--skew 60] [--account JSON]
    resetlink_token.py issue  --keys FILE --account JSON --purpose LABEL --now UNIX
                              --lifetime SECONDS [--nonce HEX] [--key-id ID]
    resetlink_token.py selftest

A token may begin with "-"; "--token VALUE" is accepted for such values too (it is rewritten
to "--token=VALUE" before argparse sees it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Optional

# --------------------------------------------------------------------------------------------
# Constants from the specification
# --------------------------------------------------------------------------------------------

VERSION = 0x01
TOKEN_LENGTH = 94
MAX_TOKEN_CHARS = 256
DEFAULT_SKEW = 60
DEFAULT_USER_LIFETIME = 60 * 60          # a link the user asked for
DEFAULT_ADMIN_LIFETIME = 24 * 60 * 60    # a link an administrator started

PURPOSE_PASSWORD_RESET = "password-reset"
PURPOSE_EMAIL_VERIFICATION = "email-verification"
PURPOSE_CODES = {0x01: PURPOSE_PASSWORD_RESET, 0x02: PURPOSE_EMAIL_VERIFICATION}
PURPOSE_LABELS = {label: code for code, label in PURPOSE_CODES.items()}

ACCOUNT_SOURCES = ("local", "sso", "ldap", "usersync")
ACCOUNT_STATUSES = ("active", "disabled")
KEY_STATUSES = ("active", "retired")

MAC_INFO_PREFIX = b"resetlink-token-v1:mac:"
STATE_INFO_PREFIX = b"resetlink-token-v1:state:"

# Offsets of the 94-byte layout.
OFF_VERSION, OFF_KEY_ID, OFF_PURPOSE = 0, 1, 5
OFF_ISSUED, OFF_EXPIRES, OFF_ACCOUNT = 6, 14, 22
OFF_NONCE, OFF_STATE_TAG, OFF_MAC = 30, 46, 62

# Verification outcomes.
VALID = "valid"
MALFORMED = "malformed"
UNSUPPORTED_VERSION = "unsupported-version"
UNKNOWN_KEY = "unknown-key"
KEY_RETIRED = "key-retired"
BAD_SIGNATURE = "bad-signature"
WRONG_PURPOSE = "wrong-purpose"
EXPIRED = "expired"
NOT_YET_VALID = "not-yet-valid"
ACCOUNT_NOT_ELIGIBLE = "account-not-eligible"
ACCOUNT_STATE_CHANGED = "account-state-changed"
OUTCOMES = (VALID, MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_KEY, KEY_RETIRED, BAD_SIGNATURE,
            WRONG_PURPOSE, EXPIRED, NOT_YET_VALID, ACCOUNT_NOT_ELIGIBLE, ACCOUNT_STATE_CHANGED)

U64_MAX = 2 ** 64 - 1
B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_VALUE = {c: i for i, c in enumerate(B64URL_ALPHABET)}


class TokenError(ValueError):
    """Bad input to issuing, or a bad keyring/account description (not a verification outcome)."""


# --------------------------------------------------------------------------------------------
# Primitives: HMAC, HKDF (RFC 5869), lp/u64, base64url
# --------------------------------------------------------------------------------------------

def hmac_sha256(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def hkdf_extract(salt: bytes, ikm: bytes) -> bytes:
    if not salt:
        salt = b"\x00" * hashlib.sha256().digest_size  # RFC 5869 §2.2: HashLen zero bytes
    return hmac_sha256(salt, ikm)


def hkdf_expand(prk: bytes, info: bytes, length: int) -> bytes:
    if not 0 <= length <= 255 * 32:
        raise ValueError("HKDF-SHA256 output length out of range")
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac_sha256(prk, block + info + bytes([counter]))
        okm += block
        counter += 1
    return okm[:length]


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return hkdf_expand(hkdf_extract(salt, ikm), info, length)


def u32(n: int) -> bytes:
    if not 0 <= n <= 0xFFFFFFFF:
        raise TokenError(f"{n} does not fit in 4 bytes")
    return n.to_bytes(4, "big")


def u64(n: int) -> bytes:
    if not 0 <= n <= U64_MAX:
        raise TokenError(f"{n} does not fit in 8 bytes")
    return n.to_bytes(8, "big")


def lp(x: bytes) -> bytes:
    return u32(len(x)) + x


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def check_token_text(text: str) -> Optional[bytes]:
    """Verification steps 1-3. Returns the decoded bytes, or None (= malformed)."""
    return decode_token_text(text)[1]


def decode_token_text(text: str) -> tuple[int, Optional[bytes]]:
    """Verification steps 1-3: (0, bytes) on success, else (failing step, None).

    Deliberately does not use base64.urlsafe_b64decode, which ignores or tolerates some of the
    things the spec rejects.
    """
    # Step 1: 1 to 256 characters, before decoding anything.
    if not 1 <= len(text) <= MAX_TOKEN_CHARS:
        return 1, None
    # Step 2: only A-Z a-z 0-9 - _ (so no "=", "+", "/", whitespace, non-ASCII).
    values = []
    for ch in text:
        v = _B64URL_VALUE.get(ch)
        if v is None:
            return 2, None
        values.append(v)
    # Step 3: canonical unpadded base64url.
    rem = len(values) % 4
    if rem == 1:
        return 3, None
    out = bytearray()
    full = len(values) - rem
    for i in range(0, full, 4):
        n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3]
        out += n.to_bytes(3, "big")
    if rem == 2:
        a, b = values[full], values[full + 1]
        if b & 0x0F:                       # 12 bits carry 8: the low 4 bits must be zero
            return 3, None
        out.append(((a << 6) | b) >> 4)
    elif rem == 3:
        a, b, c = values[full], values[full + 1], values[full + 2]
        if c & 0x03:                       # 18 bits carry 16: the low 2 bits must be zero
            return 3, None
        out += (((a << 12) | (b << 6) | c) >> 2).to_bytes(2, "big")
    return 0, bytes(out)


# --------------------------------------------------------------------------------------------
# Keys and accounts
# --------------------------------------------------------------------------------------------

def _strict_hex(text: object, nbytes: int, what: str) -> bytes:
    if not isinstance(text, str) or len(text) != 2 * nbytes or \
            any(c not in "0123456789abcdef" for c in text):
        raise TokenError(f"{what} must be {2 * nbytes} lowercase hex digits")
    return bytes.fromhex(text)


def _parse_created(text: object) -> datetime:
    if not isinstance(text, str):
        raise TokenError("key 'created' must be an ISO 8601 string")
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError as exc:
        raise TokenError(f"key 'created' is not ISO 8601: {text!r}") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


@dataclass(frozen=True)
class Key:
    id: bytes          # 4 bytes
    secret: bytes      # 32 bytes
    status: str        # "active" | "retired"
    created: str       # as written (ISO 8601 UTC)

    @property
    def id_hex(self) -> str:
        return self.id.hex()

    @property
    def created_at(self) -> datetime:
        return _parse_created(self.created)

    @classmethod
    def from_json(cls, obj: dict) -> "Key":
        if not isinstance(obj, dict):
            raise TokenError("a key must be a JSON object")
        status = obj.get("status")
        if status not in KEY_STATUSES:
            raise TokenError(f"key status must be one of {KEY_STATUSES}, not {status!r}")
        created = obj.get("created")
        _parse_created(created)
        return cls(_strict_hex(obj.get("id"), 4, "key id"),
                   _strict_hex(obj.get("secret"), 32, "key secret"), status, created)

    def to_json(self) -> dict:
        return {"id": self.id_hex, "secret": self.secret.hex(), "status": self.status,
                "created": self.created}


class Keyring:
    def __init__(self, keys: list[Key]):
        seen = set()
        for k in keys:
            if k.id in seen:
                raise TokenError(f"duplicate key id {k.id_hex}")
            seen.add(k.id)
        self.keys = list(keys)
        self._by_id = {k.id: k for k in keys}

    @classmethod
    def from_json(cls, obj: dict) -> "Keyring":
        if not isinstance(obj, dict) or not isinstance(obj.get("keys"), list):
            raise TokenError('keyring must be {"keys": [...]}')
        return cls([Key.from_json(k) for k in obj["keys"]])

    def get(self, key_id: bytes) -> Optional[Key]:
        return self._by_id.get(key_id)

    def signing_key(self) -> Key:
        """The newest active key by `created`; a tie for newest is refused as ambiguous."""
        active = [k for k in self.keys if k.status == "active"]
        if not active:
            raise TokenError("the keyring has no active key")
        newest = max(k.created_at for k in active)
        candidates = [k for k in active if k.created_at == newest]
        if len(candidates) > 1:
            raise TokenError("several active keys share the newest 'created' time")
        return candidates[0]


@dataclass(frozen=True)
class Account:
    id: int
    password_hash: str
    email: str
    source: str
    status: str
    # When a reset here last changed the password (Unix seconds), or None; covered by the state
    # tag for accounts that are not local only (their password lives in a directory).
    password_changed_at: int | None = None

    @classmethod
    def from_json(cls, obj: dict) -> "Account":
        if not isinstance(obj, dict):
            raise TokenError("an account must be a JSON object")
        aid = obj.get("id")
        if isinstance(aid, bool) or not isinstance(aid, int) or not 0 <= aid <= U64_MAX:
            raise TokenError("account id must be an integer in 0 ... 2^64-1")
        for f in ("password_hash", "email", "source", "status"):
            if not isinstance(obj.get(f), str):
                raise TokenError(f"account {f} must be a string")
        if obj["source"] not in ACCOUNT_SOURCES:
            raise TokenError(f"account source must be one of {ACCOUNT_SOURCES}")
        if obj["status"] not in ACCOUNT_STATUSES:
            raise TokenError(f"account status must be one of {ACCOUNT_STATUSES}")
        changed = obj.get("password_changed_at")
        if changed is not None and (isinstance(changed, bool) or not isinstance(changed, int) or not 0 <= changed <= U64_MAX):
            raise TokenError("account password_changed_at must be an integer in 0 ... 2^64-1")
        return cls(aid, obj["password_hash"], obj["email"], obj["source"], obj["status"], changed)

    def to_json(self) -> dict:
        obj = {"id": self.id, "password_hash": self.password_hash, "email": self.email,
               "source": self.source, "status": self.status}
        if self.password_changed_at is not None:
            obj["password_changed_at"] = self.password_changed_at
        return obj


# --------------------------------------------------------------------------------------------
# Derivation, state tag, MAC
# --------------------------------------------------------------------------------------------

def _purpose_bytes(purpose_label: str) -> bytes:
    if purpose_label not in PURPOSE_LABELS:
        raise TokenError(f"unknown purpose {purpose_label!r}")
    return purpose_label.encode("utf-8")


def derive_mac_key(secret: bytes, purpose_label: str) -> bytes:
    return hkdf(secret, b"", MAC_INFO_PREFIX + _purpose_bytes(purpose_label), 32)


def derive_state_key(secret: bytes, purpose_label: str) -> bytes:
    return hkdf(secret, b"", STATE_INFO_PREFIX + _purpose_bytes(purpose_label), 32)


def state_input(account: Account) -> bytes:
    data = (lp(u64(account.id)) + lp(account.password_hash.encode("utf-8"))
            + lp(account.email.encode("utf-8")) + lp(account.source.encode("utf-8"))
            + lp(account.status.encode("utf-8")))
    if account.source != "local" and account.password_changed_at is not None:
        data += lp(u64(account.password_changed_at))
    return data


def state_tag(state_key: bytes, account: Account) -> bytes:
    return hmac_sha256(state_key, state_input(account))[:16]


def mac_input(key_id: bytes, purpose_label: str, issued_at: int, expires_at: int,
              account_id: int, nonce: bytes, tag: bytes) -> bytes:
    return (lp(bytes([VERSION])) + lp(key_id) + lp(_purpose_bytes(purpose_label))
            + lp(u64(issued_at)) + lp(u64(expires_at)) + lp(u64(account_id))
            + lp(nonce) + lp(tag))


# --------------------------------------------------------------------------------------------
# Token layout
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenFields:
    version: int
    key_id: bytes
    purpose_code: int
    issued_at: int
    expires_at: int
    account_id: int
    nonce: bytes
    state_tag: bytes
    mac: bytes

    @property
    def purpose(self) -> Optional[str]:
        return PURPOSE_CODES.get(self.purpose_code)

    def to_json(self) -> dict:
        return {"version": self.version, "key_id": self.key_id.hex(), "purpose": self.purpose,
                "issued_at": self.issued_at, "expires_at": self.expires_at,
                "account_id": self.account_id, "nonce": self.nonce.hex(),
                "state_tag": self.state_tag.hex(), "mac": self.mac.hex()}


def parse_token_bytes(raw: bytes) -> TokenFields:
    if len(raw) != TOKEN_LENGTH:
        raise TokenError("a version-1 token is 94 bytes")
    g = lambda off, n: raw[off:off + n]
    return TokenFields(
        version=raw[OFF_VERSION], key_id=g(OFF_KEY_ID, 4), purpose_code=raw[OFF_PURPOSE],
        issued_at=int.from_bytes(g(OFF_ISSUED, 8), "big"),
        expires_at=int.from_bytes(g(OFF_EXPIRES, 8), "big"),
        account_id=int.from_bytes(g(OFF_ACCOUNT, 8), "big"),
        nonce=g(OFF_NONCE, 16), state_tag=g(OFF_STATE_TAG, 16), mac=g(OFF_MAC, 32))


def build_token_bytes(f: TokenFields) -> bytes:
    raw = (bytes([f.version]) + f.key_id + bytes([f.purpose_code]) + u64(f.issued_at)
           + u64(f.expires_at) + u64(f.account_id) + f.nonce + f.state_tag + f.mac)
    assert len(raw) == TOKEN_LENGTH
    return raw


# --------------------------------------------------------------------------------------------
# Issuing
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    token: str
    token_bytes: bytes
    fields: TokenFields
    mac_key: bytes
    state_key: bytes
    state_input: bytes
    mac_input: bytes


def issue_detailed(key: Key, purpose: str, account: Account, now: int, lifetime: int,
                   nonce: Optional[bytes] = None) -> Issued:
    """Issuing steps 1-5. Does not refuse ineligible accounts (the spec does not say to):
    a caller that should not send links to SSO/disabled accounts must check that itself."""
    if purpose not in PURPOSE_LABELS:
        raise TokenError(f"unknown purpose {purpose!r}")
    if len(key.id) != 4 or len(key.secret) != 32:
        raise TokenError("bad key")
    if isinstance(now, bool) or not isinstance(now, int) or not 0 <= now <= U64_MAX:
        raise TokenError("now must be a Unix time in 0 ... 2^64-1")
    if isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime <= 0:
        raise TokenError("lifetime must be a positive number of seconds")
    expires_at = now + lifetime
    if expires_at > U64_MAX:
        raise TokenError("expires-at does not fit in 8 bytes")
    if nonce is None:
        nonce = secrets.token_bytes(16)
    if len(nonce) != 16:
        raise TokenError("nonce must be 16 bytes")
    mac_key = derive_mac_key(key.secret, purpose)
    state_key = derive_state_key(key.secret, purpose)
    s_input = state_input(account)
    tag = hmac_sha256(state_key, s_input)[:16]
    m_input = mac_input(key.id, purpose, now, expires_at, account.id, nonce, tag)
    mac = hmac_sha256(mac_key, m_input)
    fields = TokenFields(VERSION, key.id, PURPOSE_LABELS[purpose], now, expires_at, account.id,
                         nonce, tag, mac)
    raw = build_token_bytes(fields)
    token = b64url_encode(raw)
    assert len(token) == 126
    return Issued(token, raw, fields, mac_key, state_key, s_input, m_input)


def issue(key: Key, purpose: str, account: Account, now: int, lifetime: int,
          nonce: Optional[bytes] = None) -> str:
    return issue_detailed(key, purpose, account, now, lifetime, nonce).token


# --------------------------------------------------------------------------------------------
# Verifying
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    outcome: str
    step: int                               # the step that decided (16 = all passed)
    fields: Optional[TokenFields] = None    # set once steps 1-6 passed

    @property
    def valid(self) -> bool:
        return self.outcome == VALID

    def to_json(self) -> dict:
        out: dict = {"outcome": self.outcome}
        if self.valid:
            out.update(account_id=self.fields.account_id, expires_at=self.fields.expires_at,
                       nonce=self.fields.nonce.hex())
        return out


AccountLookup = Callable[[int], Optional[Account]]


def verify(token: str, keyring: Keyring, now: int, purpose: str,
           lookup_account: AccountLookup, skew: int = DEFAULT_SKEW) -> Verification:
    """Verification steps 1-15 in the spec's order; the first failing step decides."""
    if purpose not in PURPOSE_LABELS:
        raise TokenError(f"the verifier's expected purpose {purpose!r} is unknown")
    if not isinstance(token, str):
        return Verification(MALFORMED, 1)

    # Steps 1-3: length, alphabet, canonical unpadded base64url.
    failed_step, raw = decode_token_text(token)
    if raw is None:
        return Verification(MALFORMED, failed_step)
    # Step 4: first byte (steps 1 and 3 guarantee at least one byte).
    if raw[0] != VERSION:
        return Verification(UNSUPPORTED_VERSION, 4)
    # Step 5: exactly 94 bytes.
    if len(raw) != TOKEN_LENGTH:
        return Verification(MALFORMED, 5)
    f = parse_token_bytes(raw)
    # Step 6: known purpose code.
    token_purpose = f.purpose
    if token_purpose is None:
        return Verification(MALFORMED, 6, f)
    # Step 7: key id in keyring.
    key = keyring.get(f.key_id)
    if key is None:
        return Verification(UNKNOWN_KEY, 7, f)
    # Step 8: key not retired.
    if key.status == "retired":
        return Verification(KEY_RETIRED, 8, f)
    # Step 9: MAC, with the keys of the purpose the token names (otherwise step 10 could
    # never be reached: a token for another purpose would already fail here).
    mac_key = derive_mac_key(key.secret, token_purpose)
    expected = hmac_sha256(mac_key, mac_input(f.key_id, token_purpose, f.issued_at,
                                              f.expires_at, f.account_id, f.nonce,
                                              f.state_tag))
    if not hmac.compare_digest(expected, f.mac):
        return Verification(BAD_SIGNATURE, 9, f)
    # Step 10: purpose.
    if not hmac.compare_digest(token_purpose.encode(), purpose.encode()):
        return Verification(WRONG_PURPOSE, 10, f)
    # Step 11: now <= expires-at.
    if not now <= f.expires_at:
        return Verification(EXPIRED, 11, f)
    # Step 12: issued-at <= now + skew.
    if not f.issued_at <= now + skew:
        return Verification(NOT_YET_VALID, 12, f)
    # Step 13: account exists (first and only account-store access).
    account = lookup_account(f.account_id)
    if account is None or account.id != f.account_id:
        return Verification(ACCOUNT_NOT_ELIGIBLE, 13, f)
    # Step 14: state tag of the current state.
    state_key = derive_state_key(key.secret, token_purpose)
    if not hmac.compare_digest(state_tag(state_key, account), f.state_tag):
        return Verification(ACCOUNT_STATE_CHANGED, 14, f)
    # Step 15: eligible account.
    if account.source != "local" or account.status != "active":
        return Verification(ACCOUNT_NOT_ELIGIBLE, 15, f)
    return Verification(VALID, 16, f)


def single_account_lookup(account: Optional[Account]) -> AccountLookup:
    """An account store holding at most one account."""
    return lambda account_id: account if account is not None and account.id == account_id else None


# --------------------------------------------------------------------------------------------
# Self-test (RFC 5869 A.1, RFC 4231 test case 2)
# --------------------------------------------------------------------------------------------

def selftest() -> None:
    # RFC 4231, test case 2.
    assert hmac_sha256(b"Jefe", b"what do ya want for nothing?").hex() == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    # RFC 5869, test case A.1.
    ikm = bytes.fromhex("0b" * 22)
    salt = bytes.fromhex("000102030405060708090a0b0c")
    info = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    prk = hkdf_extract(salt, ikm)
    assert prk.hex() == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
    assert hkdf_expand(prk, info, 42).hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        "34007208d5b887185865")
    # RFC 5869, test case A.3 (empty salt and info): exercises the empty-salt default.
    assert hkdf(ikm, b"", b"", 42).hex() == (
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
        "9d201395faa4b61a96c8")
    # Strict base64url decoding.
    assert check_token_text("AQ") == b"\x01"
    assert check_token_text("AR") is None            # non-canonical trailing bits
    assert check_token_text("AQ==") is None          # padding
    assert check_token_text("A") is None             # length mod 4 == 1
    assert check_token_text("-_8") == b"\xfb\xff"
    assert check_token_text("-_9") is None
    # Round trip.
    key = Key(bytes.fromhex("0a1b2c3d"), bytes(range(32)), "active", "2026-01-01T00:00:00Z")
    acct = Account(42, "", "a@example.com", "local", "active")
    tok = issue(key, PURPOSE_PASSWORD_RESET, acct, 1_000, 3600, bytes(16))
    ring = Keyring([key])
    assert verify(tok, ring, 1_000, PURPOSE_PASSWORD_RESET,
                  single_account_lookup(acct)).outcome == VALID


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

def _load_keyring(path: str) -> Keyring:
    with open(path, encoding="utf-8") as fh:
        return Keyring.from_json(json.load(fh))


def _load_account(text: Optional[str]) -> Optional[Account]:
    if text is None:
        return None
    obj = json.loads(text)
    return None if obj is None else Account.from_json(obj)


def _int_arg(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}")


def _rewrite_token_arg(argv: list[str]) -> list[str]:
    """Let "--token -abc" work: tokens may begin with "-", which argparse takes for an option."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] == "--token" and i + 1 < len(argv):
            out.append("--token=" + argv[i + 1])
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="resetlink token v1 reference implementation")
    sub = parser.add_subparsers(dest="command", required=True)

    pv = sub.add_parser("verify", help="verify a token")
    pv.add_argument("--keys", required=True, help="keyring JSON file")
    pv.add_argument("--token", required=True)
    pv.add_argument("--now", required=True, type=_int_arg, help="Unix time in seconds")
    pv.add_argument("--purpose", required=True, choices=sorted(PURPOSE_LABELS))
    pv.add_argument("--skew", type=_int_arg, default=DEFAULT_SKEW)
    pv.add_argument("--account", help="the account with the token's id, as JSON; "
                                      "omitted = no such account")

    pi = sub.add_parser("issue", help="issue a token")
    pi.add_argument("--keys", required=True, help="keyring JSON file")
    pi.add_argument("--account", required=True, help="account JSON")
    pi.add_argument("--purpose", required=True, choices=sorted(PURPOSE_LABELS))
    pi.add_argument("--now", required=True, type=_int_arg)
    pi.add_argument("--lifetime", required=True, type=_int_arg)
    pi.add_argument("--nonce", help="32 hex digits (default: random)")
    pi.add_argument("--key-id", help="sign with this key (any status) instead of the newest "
                                     "active one")

    sub.add_parser("selftest", help="RFC 5869 / RFC 4231 known-answer tests")

    args = parser.parse_args(_rewrite_token_arg(argv))
    try:
        if args.command == "selftest":
            selftest()
            print("ok")
            return 0
        keyring = _load_keyring(args.keys)
        if args.command == "verify":
            account = _load_account(args.account)
            result = verify(args.token, keyring, args.now, args.purpose,
                            single_account_lookup(account), args.skew)
            print(json.dumps(result.to_json()))
            return 0 if result.valid else 1
        # issue
        account = _load_account(args.account)
        if account is None:
            raise TokenError("issue needs an account")
        if args.key_id is not None:
            key = keyring.get(_strict_hex(args.key_id, 4, "--key-id"))
            if key is None:
                raise TokenError(f"no key {args.key_id} in the keyring")
        else:
            key = keyring.signing_key()
        nonce = None if args.nonce is None else _strict_hex(args.nonce, 16, "--nonce")
        print(json.dumps({"token": issue(key, args.purpose, account, args.now, args.lifetime,
                                         nonce)}))
        return 0
    except (TokenError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
