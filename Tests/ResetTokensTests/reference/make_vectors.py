#!/usr/bin/env python3
"""Writes ../token-vectors.json deterministically (fixed secrets, nonces and clock).

Every vector is checked against resetlink_token.verify (and, through subprocesses, against the
resetlink_token.py CLI) before the file is written; every issued token is re-issued through the
CLI and must come out identical.

    python3 make_vectors.py            # writes ../token-vectors.json
    python3 make_vectors.py --check    # only checks that the file on disk is up to date
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import resetlink_token as rt  # noqa: E402

OUT_PATH = os.path.join(HERE, "..", "token-vectors.json")
CLI = os.path.join(HERE, "resetlink_token.py")

T0 = 1767225600          # 2026-01-01T00:00:00Z, the fixed clock
HOUR, DAY = 3600, 86400
RESET, VERIFY_EMAIL = rt.PURPOSE_PASSWORD_RESET, rt.PURPOSE_EMAIL_VERIFICATION


def fixed_bytes(label: str, n: int) -> bytes:
    return hashlib.sha256(("resetlink test vectors: " + label).encode()).digest()[:n]


def fake_scrypt_hash(label: str) -> str:
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
    return f"scrypt$ln=17,r=8,p=1${b64(fixed_bytes('salt ' + label, 16))}" \
           f"${b64(fixed_bytes('hash ' + label, 32))}"


# ---- keys ------------------------------------------------------------------------------------

def make_key(key_id: str, status: str, created: str) -> rt.Key:
    return rt.Key(bytes.fromhex(key_id), fixed_bytes("key " + key_id, 32), status, created)


KEY_NEW = make_key("5e1f0c2a", "active", "2025-12-01T09:30:00Z")    # newest active: signs
KEY_OLD = make_key("0a1b2c3d", "active", "2025-06-01T08:00:00Z")    # older, still verifies
KEY_RET = make_key("9c3e7b10", "retired", "2024-11-15T12:00:00Z")   # retired
KEY_UNKNOWN = make_key("77f00d42", "active", "2025-09-09T09:09:09Z")  # NOT in the keyring
KEYRING = rt.Keyring([KEY_OLD, KEY_NEW, KEY_RET])
assert KEYRING.signing_key() is KEY_NEW

# ---- accounts --------------------------------------------------------------------------------

ALICE = rt.Account(42, fake_scrypt_hash("alice 1"), "alice.nakamura@example.com", "local", "active")
BOB = rt.Account(43, fake_scrypt_hash("bob 1"), "bob.okafor@example.org", "local", "active")
JORG = rt.Account(1337, fake_scrypt_hash("jorg 1"), "jörg.müller@example.com", "local", "active")
CAROL_SSO = rt.Account(7001, "", "carol.diaz@corp.example.net", "sso", "active")
DAN_NEW = rt.Account(2024, "", "dan.lee@example.com", "local", "active")   # no password yet
# An account whose password lives in a directory: its last reset here is covered by the tag.
GUS_LDAP = rt.Account(8008, "", "gus.ortega@corp.example.net", "ldap", "active", 1795900000)
ERIN_DISABLED = rt.Account(515, fake_scrypt_hash("erin 1"), "erin@example.com", "local",
                           "disabled")


def changed(a: rt.Account, **kw) -> rt.Account:
    d = a.to_json()
    d.update(kw)
    return rt.Account.from_json(d)


# ---- building vectors ------------------------------------------------------------------------

vectors: list[dict] = []
issued_by_name: dict[str, rt.Issued] = {}
intermediate_source: list[rt.Issued] = []


def issue(name: str, key: rt.Key, purpose: str, account: rt.Account, issued_at: int,
          lifetime: int) -> tuple[rt.Issued, dict]:
    nonce = fixed_bytes("nonce " + name, 16)
    iss = rt.issue_detailed(key, purpose, account, issued_at, lifetime, nonce)
    issued_with = {"key_id": key.id_hex, "purpose": purpose, "issued_at": issued_at,
                   "lifetime": lifetime, "account": account.to_json(), "nonce": nonce.hex()}
    if KEYRING.get(key.id) is None:
        # Not reproducible from "keys" alone: give the secret of the key outside the keyring.
        issued_with["secret"] = key.secret.hex()
    return iss, issued_with


def add(name: str, token: str, now: int, purpose: str, account: rt.Account | None,
        outcome: str, skew: int = rt.DEFAULT_SKEW, issued_with: dict | None = None) -> None:
    assert outcome in rt.OUTCOMES
    v: dict = {"name": name, "token": token, "now": now, "skew": skew, "purpose": purpose,
               "account": None if account is None else account.to_json(), "outcome": outcome}
    raw = rt.check_token_text(token)
    if raw is not None and len(raw) == rt.TOKEN_LENGTH and raw[0] == rt.VERSION:
        v["fields"] = rt.parse_token_bytes(raw).to_json()
    if issued_with is not None:
        v["issued_with"] = issued_with
    vectors.append(v)


def add_issued(name: str, key: rt.Key, purpose: str, account: rt.Account, issued_at: int,
               lifetime: int, now: int, verify_purpose: str, verify_account: rt.Account | None,
               outcome: str, skew: int = rt.DEFAULT_SKEW) -> rt.Issued:
    iss, issued_with = issue(name, key, purpose, account, issued_at, lifetime)
    add(name, iss.token, now, verify_purpose, verify_account, outcome, skew, issued_with)
    issued_by_name[name] = iss
    return iss


def reencode(raw: bytes) -> str:
    return rt.b64url_encode(raw)


def with_bytes(raw: bytes, offset: int, new: bytes) -> bytes:
    return raw[:offset] + new + raw[offset + len(new):]


def replace_char(s: str, i: int, ch: str) -> str:
    assert s[i] != ch
    return s[:i] + ch + s[i + 1:]


def other_char(c: str) -> str:
    return rt.B64URL_ALPHABET[rt.B64URL_ALPHABET.index(c) ^ 0x01]


# 1. The basic case; `intermediate` in the file traces this one.
base = add_issued("valid: self-service password reset (lifetime 3600 s), checked 5 minutes later",
                  KEY_NEW, RESET, ALICE, T0, HOUR, T0 + 300, RESET, ALICE, rt.VALID)
intermediate_source.append(base)

add_issued("valid at exactly expires-at", KEY_NEW, RESET, ALICE, T0 - HOUR, HOUR, T0, RESET,
           ALICE, rt.VALID)
add_issued("expired: one second past expires-at", KEY_NEW, RESET, ALICE, T0 - HOUR - 1, HOUR,
           T0, RESET, ALICE, rt.EXPIRED)
add_issued("issued 30 s in the future, skew 60: valid", KEY_NEW, RESET, ALICE, T0 + 30, HOUR,
           T0, RESET, ALICE, rt.VALID)
add_issued("issued exactly 60 s in the future, skew 60: valid", KEY_NEW, RESET, ALICE, T0 + 60,
           HOUR, T0, RESET, ALICE, rt.VALID)
add_issued("issued 61 s in the future, skew 60: not-yet-valid", KEY_NEW, RESET, ALICE, T0 + 61,
           HOUR, T0, RESET, ALICE, rt.NOT_YET_VALID)
add_issued("issued 1 s in the future, skew 0: not-yet-valid", KEY_NEW, RESET, ALICE, T0 + 1,
           HOUR, T0, RESET, ALICE, rt.NOT_YET_VALID, skew=0)
add_issued("email-verification token checked as password-reset: wrong-purpose", KEY_NEW,
           VERIFY_EMAIL, ALICE, T0, DAY, T0 + 60, RESET, ALICE, rt.WRONG_PURPOSE)
add_issued("email-verification token checked as email-verification: valid", KEY_NEW,
           VERIFY_EMAIL, JORG, T0, DAY, T0 + 60, VERIFY_EMAIL, JORG, rt.VALID)
add_issued("password-reset token checked as email-verification: wrong-purpose", KEY_NEW,
           RESET, ALICE, T0, HOUR, T0 + 60, VERIFY_EMAIL, ALICE, rt.WRONG_PURPOSE)
old = add_issued("signed with the older active key: valid", KEY_OLD, RESET, ALICE, T0, HOUR,
                 T0 + 120, RESET, ALICE, rt.VALID)
ret = add_issued("signed with the retired key: key-retired", KEY_RET, RESET, ALICE, T0, HOUR,
                 T0 + 120, RESET, ALICE, rt.KEY_RETIRED)
add_issued("key id not in the keyring (signed with an unknown secret): unknown-key",
           KEY_UNKNOWN, RESET, ALICE, T0, HOUR, T0 + 120, RESET, ALICE, rt.UNKNOWN_KEY)
add_issued("admin-initiated link (lifetime 86400 s), checked 23 h 59 min later: valid", KEY_NEW,
           RESET, BOB, T0, DAY, T0 + DAY - 60, RESET, BOB, rt.VALID)
add_issued("admin-initiated link (lifetime 86400 s), checked 86401 s later: expired", KEY_NEW,
           RESET, BOB, T0, DAY, T0 + DAY + 1, RESET, BOB, rt.EXPIRED)
add_issued("non-ASCII email address: valid", KEY_NEW, RESET, JORG, T0, HOUR, T0 + 600, RESET,
           JORG, rt.VALID)
add_issued("account without a password (empty password hash): valid", KEY_NEW, RESET, DAN_NEW,
           T0, DAY, T0 + 600, RESET, DAN_NEW, rt.VALID)

# Account state changes (step 14) and eligibility (steps 13, 15).
add_issued("password hash changed (a reset completed: new salt): account-state-changed", KEY_NEW,
           RESET, ALICE, T0, HOUR, T0 + 900, RESET,
           changed(ALICE, password_hash=fake_scrypt_hash("alice 2")), rt.ACCOUNT_STATE_CHANGED)
add_issued("email changed: account-state-changed", KEY_NEW, RESET, ALICE, T0, HOUR, T0 + 900,
           RESET, changed(ALICE, email="alice@nakamura.example"), rt.ACCOUNT_STATE_CHANGED)
add_issued("email changed only in letter case (ASCII): account-state-changed", KEY_NEW, RESET,
           ALICE, T0, HOUR, T0 + 900, RESET, changed(ALICE, email="Alice.Nakamura@example.com"),
           rt.ACCOUNT_STATE_CHANGED)
add_issued("email changed only in letter case (non-ASCII ö to Ö): account-state-changed",
           KEY_NEW, RESET, JORG, T0, HOUR, T0 + 900, RESET,
           changed(JORG, email="jÖrg.müller@example.com"), rt.ACCOUNT_STATE_CHANGED)
add_issued("source changed to sso: account-state-changed", KEY_NEW, RESET, ALICE, T0, HOUR,
           T0 + 900, RESET, changed(ALICE, source="sso"), rt.ACCOUNT_STATE_CHANGED)
add_issued("source changed to ldap: account-state-changed", KEY_NEW, RESET, ALICE, T0, HOUR,
           T0 + 900, RESET, changed(ALICE, source="ldap"), rt.ACCOUNT_STATE_CHANGED)
add_issued("status changed to disabled: account-state-changed", KEY_NEW, RESET, ALICE, T0, HOUR,
           T0 + 900, RESET, changed(ALICE, status="disabled"), rt.ACCOUNT_STATE_CHANGED)
add_issued("no such account (deleted): account-not-eligible", KEY_NEW, RESET, ALICE, T0, HOUR,
           T0 + 900, RESET, None, rt.ACCOUNT_NOT_ELIGIBLE)
add_issued("issued for an account that was already sso and still is: account-not-eligible",
           KEY_NEW, RESET, CAROL_SSO, T0, HOUR, T0 + 900, RESET, CAROL_SSO,
           rt.ACCOUNT_NOT_ELIGIBLE)
add_issued("ldap account reset here since (password_changed_at later): account-state-changed", KEY_NEW,
           RESET, GUS_LDAP, T0, HOUR, T0 + 900, RESET, changed(GUS_LDAP, password_changed_at=1795900001),
           rt.ACCOUNT_STATE_CHANGED)
add_issued("ldap account reset here for the first time (password_changed_at was null): account-state-changed",
           KEY_NEW, RESET, changed(GUS_LDAP, password_changed_at=None), T0, HOUR, T0 + 900, RESET, GUS_LDAP,
           rt.ACCOUNT_STATE_CHANGED)
add_issued("ldap account unchanged: account-not-eligible by default (step 15; a service writing to its directory allows it)",
           KEY_NEW, RESET, GUS_LDAP, T0, HOUR, T0 + 900, RESET, GUS_LDAP, rt.ACCOUNT_NOT_ELIGIBLE)
add_issued("local account's password_changed_at changed alone (not covered for local accounts): valid",
           KEY_NEW, RESET, changed(ALICE, password_changed_at=1795900000), T0, HOUR, T0 + 900, RESET,
           changed(ALICE, password_changed_at=1795900001), rt.VALID)
add_issued("issued for an account that was already disabled and still is: account-not-eligible",
           KEY_NEW, RESET, ERIN_DISABLED, T0, HOUR, T0 + 900, RESET, ERIN_DISABLED,
           rt.ACCOUNT_NOT_ELIGIBLE)

# Order of checks.
add_issued("expired and account state changed: expired (step 11 before 14)", KEY_NEW, RESET,
           ALICE, T0 - 2 * HOUR, HOUR, T0, RESET,
           changed(ALICE, password_hash=fake_scrypt_hash("alice 3")), rt.EXPIRED)
add_issued("expired and checked for the wrong purpose: wrong-purpose (step 10 before 11)",
           KEY_NEW, VERIFY_EMAIL, ALICE, T0 - 3 * DAY, DAY, T0, RESET, ALICE, rt.WRONG_PURPOSE)
add_issued("not yet valid and no such account: not-yet-valid (step 12 before 13)", KEY_NEW,
           RESET, ALICE, T0 + 600, HOUR, T0, RESET, None, rt.NOT_YET_VALID)
add_issued("retired key, checked for the wrong purpose: key-retired (step 8 before 10)", KEY_RET,
           VERIFY_EMAIL, ALICE, T0, HOUR, T0 + 60, RESET, ALICE, rt.KEY_RETIRED)

# Tampered tokens (derived from issued ones; no issued_with because issuing did not make them).
tok, raw = base.token, base.token_bytes
mac_pos = 100      # characters 83..124 hold only MAC bits
add("one character of the MAC part changed: bad-signature",
    replace_char(tok, mac_pos, other_char(tok[mac_pos])), T0 + 300, RESET, ALICE,
    rt.BAD_SIGNATURE)
add("last MAC byte changed (raw byte 93 XOR 0x01, re-encoded): bad-signature",
    reencode(with_bytes(raw, 93, bytes([raw[93] ^ 0x01]))), T0 + 300, RESET, ALICE,
    rt.BAD_SIGNATURE)
add("account id changed from 42 to 43 (re-encoded, MAC not recomputed): bad-signature",
    reencode(with_bytes(raw, rt.OFF_ACCOUNT, rt.u64(43))), T0 + 300, RESET, BOB,
    rt.BAD_SIGNATURE)
add("expires-at extended by a day (re-encoded, MAC not recomputed): bad-signature",
    reencode(with_bytes(raw, rt.OFF_EXPIRES, rt.u64(T0 + HOUR + DAY))), T0 + 2 * HOUR, RESET,
    ALICE, rt.BAD_SIGNATURE)
add("purpose code changed from 0x01 to 0x02 (MAC not recomputed): bad-signature",
    reencode(with_bytes(raw, rt.OFF_PURPOSE, b"\x02")), T0 + 300, VERIFY_EMAIL, ALICE,
    rt.BAD_SIGNATURE)
add("state tag changed (MAC not recomputed): bad-signature",
    reencode(with_bytes(raw, rt.OFF_STATE_TAG, bytes([raw[rt.OFF_STATE_TAG] ^ 0x80]))),
    T0 + 300, RESET, ALICE, rt.BAD_SIGNATURE)
old_raw = old.token_bytes
add("key id swapped from the older to the newer active key (MAC not recomputed): bad-signature",
    reencode(with_bytes(old_raw, rt.OFF_KEY_ID, KEY_NEW.id)), T0 + 120, RESET, ALICE,
    rt.BAD_SIGNATURE)
add("bad MAC on an expired token: bad-signature (step 9 before 11)",
    replace_char(tok, mac_pos, other_char(tok[mac_pos])), T0 + 2 * HOUR, RESET, ALICE,
    rt.BAD_SIGNATURE)
add("retired key with a bad MAC: key-retired (step 8 before 9)",
    replace_char(ret.token, mac_pos, other_char(ret.token[mac_pos])), T0 + 120, RESET, ALICE,
    rt.KEY_RETIRED)
add("key id not in the keyring, rest of a valid token unchanged: unknown-key",
    reencode(with_bytes(raw, rt.OFF_KEY_ID, bytes.fromhex("ffffffff"))), T0 + 300, RESET, ALICE,
    rt.UNKNOWN_KEY)
add("purpose code 0x03 (not in the table): malformed (step 6)",
    reencode(with_bytes(raw, rt.OFF_PURPOSE, b"\x03")), T0 + 300, RESET, ALICE, rt.MALFORMED)
add("purpose code 0x00 with an unknown key id: malformed (step 6 before 7)",
    reencode(with_bytes(with_bytes(raw, rt.OFF_PURPOSE, b"\x00"), rt.OFF_KEY_ID,
                        bytes.fromhex("ffffffff"))), T0 + 300, RESET, ALICE, rt.MALFORMED)
add("version byte 2 (94 bytes, otherwise intact): unsupported-version",
    reencode(with_bytes(raw, 0, b"\x02")), T0 + 300, RESET, ALICE, rt.UNSUPPORTED_VERSION)
add("version byte 0: unsupported-version", reencode(with_bytes(raw, 0, b"\x00")), T0 + 300,
    RESET, ALICE, rt.UNSUPPORTED_VERSION)
add("one byte 0x02 ('Ag'): unsupported-version (step 4 before the length check)", "Ag", T0,
    RESET, ALICE, rt.UNSUPPORTED_VERSION)
add("one byte 0x01 ('AQ'): malformed (wrong length, step 5)", "AQ", T0, RESET, ALICE,
    rt.MALFORMED)
add("version byte 2 and 95 bytes: unsupported-version (step 4 before 5)",
    reencode(with_bytes(raw, 0, b"\x02") + b"\x00"), T0 + 300, RESET, ALICE,
    rt.UNSUPPORTED_VERSION)
add("93 bytes (last byte dropped, re-encoded): malformed", reencode(raw[:-1]), T0 + 300, RESET,
    ALICE, rt.MALFORMED)
add("95 bytes (a zero byte appended, re-encoded): malformed", reencode(raw + b"\x00"), T0 + 300,
    RESET, ALICE, rt.MALFORMED)

# Malformed texts (steps 1-3).
assert "-" in tok or "_" in tok, "pick another nonce: the base token needs a '-' or '_'"
add("empty string: malformed", "", T0 + 300, RESET, ALICE, rt.MALFORMED)
add("'==' padding appended: malformed", tok + "==", T0 + 300, RESET, ALICE, rt.MALFORMED)
add("one '=' appended: malformed", tok + "=", T0 + 300, RESET, ALICE, rt.MALFORMED)
add("a '+' in place of one character: malformed", replace_char(tok, 50, "+"), T0 + 300, RESET,
    ALICE, rt.MALFORMED)
add("a '/' in place of one character: malformed", replace_char(tok, 50, "/"), T0 + 300, RESET,
    ALICE, rt.MALFORMED)
add("re-encoded with the standard base64 alphabet (+ and /), no padding: malformed",
    tok.translate(str.maketrans("-_", "+/")), T0 + 300, RESET, ALICE, rt.MALFORMED)
add("re-encoded with standard base64 (+ and /, '==' padding): malformed",
    base64.b64encode(raw).decode(), T0 + 300, RESET, ALICE, rt.MALFORMED)
add("a space inserted in the middle: malformed", tok[:63] + " " + tok[63:], T0 + 300, RESET,
    ALICE, rt.MALFORMED)
add("a line break inserted in the middle (mail wrap not joined): malformed",
    tok[:76] + "\r\n" + tok[76:], T0 + 300, RESET, ALICE, rt.MALFORMED)
add("a trailing space: malformed", tok + " ", T0 + 300, RESET, ALICE, rt.MALFORMED)
add("a non-ASCII letter in place of one character: malformed", replace_char(tok, 10, "é"),
    T0 + 300, RESET, ALICE, rt.MALFORMED)
add("truncated by 1 character (125 characters, length mod 4 = 1): malformed", tok[:-1],
    T0 + 300, RESET, ALICE, rt.MALFORMED)
add("truncated by 4 characters (122 characters): malformed", tok[:-4], T0 + 300, RESET, ALICE,
    rt.MALFORMED)
add("an extra 'A' appended (127 characters, decodes to 95 bytes): malformed", tok + "A",
    T0 + 300, RESET, ALICE, rt.MALFORMED)
last = rt.B64URL_ALPHABET.index(tok[-1])
assert last & 0x0F == 0
add("non-canonical trailing bits (last character's unused low bits set): malformed",
    tok[:-1] + rt.B64URL_ALPHABET[last | 0x01], T0 + 300, RESET, ALICE, rt.MALFORMED)
add("non-canonical trailing bits (only the highest unused bit set): malformed",
    tok[:-1] + rt.B64URL_ALPHABET[last | 0x08], T0 + 300, RESET, ALICE, rt.MALFORMED)
add("256 characters (length allowed, decodes to 192 bytes): malformed", tok + "A" * 130,
    T0 + 300, RESET, ALICE, rt.MALFORMED)
add("257 characters: malformed", tok + "A" * 131, T0 + 300, RESET, ALICE, rt.MALFORMED)
add("257 characters of 'A' (too long is checked before decoding): malformed", "A" * 257,
    T0 + 300, RESET, ALICE, rt.MALFORMED)
add("a single character: malformed", "A", T0 + 300, RESET, ALICE, rt.MALFORMED)


# ---- checks ----------------------------------------------------------------------------------

def account_lookup(v: dict):
    acct = None if v["account"] is None else rt.Account.from_json(v["account"])
    return rt.single_account_lookup(acct)


def check_library() -> None:
    names = set()
    for v in vectors:
        assert v["name"] not in names, v["name"]
        names.add(v["name"])
        got = rt.verify(v["token"], KEYRING, v["now"], v["purpose"], account_lookup(v), v["skew"])
        assert got.outcome == v["outcome"], (v["name"], got.outcome, got.step)
        if "issued_with" in v:
            iw = v["issued_with"]
            key = KEYRING.get(bytes.fromhex(iw["key_id"]))
            if key is None:
                key = rt.Key(bytes.fromhex(iw["key_id"]), bytes.fromhex(iw["secret"]), "active",
                             "1970-01-01T00:00:00Z")
            again = rt.issue(key, iw["purpose"], rt.Account.from_json(iw["account"]),
                             iw["issued_at"], iw["lifetime"], bytes.fromhex(iw["nonce"]))
            assert again == v["token"], v["name"]
            assert len(v["token"]) == 126
        if "fields" in v:
            f = v["fields"]
            assert f["version"] == 1 and len(bytes.fromhex(f["mac"])) == 32
        # Tokens derived by tampering must differ from every issued token.
        if "issued_with" not in v:
            assert v["token"] not in {i.token for i in issued_by_name.values()}, v["name"]


def run_cli(args: list[str]) -> tuple[int, dict]:
    p = subprocess.run([sys.executable, CLI] + args, capture_output=True, text=True)
    assert p.returncode in (0, 1), (args, p.returncode, p.stderr)
    return p.returncode, json.loads(p.stdout)


def check_cli(keys_doc: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        keys_path = os.path.join(tmp, "keys.json")
        with open(keys_path, "w", encoding="utf-8") as fh:
            json.dump(keys_doc, fh, ensure_ascii=False)
        for v in vectors:
            args = ["verify", "--keys", keys_path, "--token", v["token"], "--now", str(v["now"]),
                    "--purpose", v["purpose"], "--skew", str(v["skew"])]
            if v["account"] is not None:
                args += ["--account", json.dumps(v["account"], ensure_ascii=False)]
            rc, out = run_cli(args)
            assert out["outcome"] == v["outcome"], (v["name"], out)
            assert rc == (0 if v["outcome"] == rt.VALID else 1), v["name"]
            if v["outcome"] == rt.VALID:
                f = v["fields"]
                assert out == {"outcome": "valid", "account_id": f["account_id"],
                               "expires_at": f["expires_at"], "nonce": f["nonce"]}, out
            else:
                assert out == {"outcome": v["outcome"]}, out
            iw = v.get("issued_with")
            if iw is not None and "secret" not in iw:
                rc, out = run_cli(["issue", "--keys", keys_path, "--account",
                                   json.dumps(iw["account"], ensure_ascii=False),
                                   "--purpose", iw["purpose"], "--now", str(iw["issued_at"]),
                                   "--lifetime", str(iw["lifetime"]), "--nonce", iw["nonce"],
                                   "--key-id", iw["key_id"]])
                assert rc == 0 and out == {"token": v["token"]}, (v["name"], out)
        # Without --key-id the newest active key signs.
        iw = vectors[0]["issued_with"]
        rc, out = run_cli(["issue", "--keys", keys_path, "--account", json.dumps(iw["account"]),
                           "--purpose", iw["purpose"], "--now", str(iw["issued_at"]),
                           "--lifetime", str(iw["lifetime"]), "--nonce", iw["nonce"]])
        assert out == {"token": vectors[0]["token"]}, out
        # Without --nonce the nonce is random.
        _, a = run_cli(["issue", "--keys", keys_path, "--account", json.dumps(iw["account"]),
                        "--purpose", RESET, "--now", str(T0), "--lifetime", "3600"])
        _, b = run_cli(["issue", "--keys", keys_path, "--account", json.dumps(iw["account"]),
                        "--purpose", RESET, "--now", str(T0), "--lifetime", "3600"])
        assert a["token"] != b["token"]
        rc, _ = run_cli(["verify", "--keys", keys_path, "--token", a["token"], "--now", str(T0),
                         "--purpose", RESET, "--account", json.dumps(iw["account"])])
        assert rc == 0


def build_document() -> dict:
    iss = intermediate_source[0]
    return {
        "format": "resetlink token v1",
        "about": "Test vectors for resetlink's reset-token format version 1 as specified in "
                 "docs/token-format.md, generated by reference/make_vectors.py with the "
                 "independent Python implementation reference/resetlink_token.py; 'account' is "
                 "the account state at verify time (null = no such account), 'issued_with' "
                 "reproduces 'token' from 'keys' (plus 'secret' when the key is deliberately "
                 "not in the keyring), and 'intermediate' traces the first vector.",
        "keys": [k.to_json() for k in KEYRING.keys],
        "intermediate": {
            "secret": KEY_NEW.secret.hex(),
            "purpose": RESET,
            "mac_key": iss.mac_key.hex(),
            "state_key": iss.state_key.hex(),
            "state_input": iss.state_input.hex(),
            "state_tag": iss.fields.state_tag.hex(),
            "mac_input": iss.mac_input.hex(),
            "mac": iss.fields.mac.hex(),
            "token_bytes": iss.token_bytes.hex(),
            "token": iss.token,
        },
        "vectors": vectors,
    }


def main() -> int:
    rt.selftest()
    check_library()
    doc = build_document()
    check_cli(doc)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        with open(OUT_PATH, encoding="utf-8") as fh:
            if fh.read() != text:
                print("token-vectors.json is out of date", file=sys.stderr)
                return 1
        print(f"ok: {len(vectors)} vectors up to date")
        return 0
    with open(OUT_PATH, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {os.path.normpath(OUT_PATH)}: {len(vectors)} vectors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
