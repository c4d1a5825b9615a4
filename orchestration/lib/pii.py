"""The PII salt: the key of the HMAC-SHA256 that pseudonymises phone numbers, e-mails, names and
free-text comments in staging (dbt macro pseudonymize).

It comes from the environment variable CALLSCOPE_PII_SALT, which dbt reads itself: the secret is
never put on a command line (visible to every user in `ps`) nor into dbt's run_results.json.
With CALLSCOPE_PROFILE=production a run refuses to start without a salt of at least 16
characters; in development an empty salt is allowed (hashes are then unkeyed).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SALT_ENV = "CALLSCOPE_PII_SALT"
PROFILE_ENV = "CALLSCOPE_PROFILE"
PRODUCTION = "production"
MIN_PRODUCTION_SALT_CHARS = 16
MAX_SALT_BYTES = 64  # one SHA-256 block: the dbt macro builds the HMAC pads from it


class PiiSaltError(RuntimeError):
    """The salt is missing in production, or too long for the HMAC key."""


def pii_salt(environ: Mapping[str, str] | None = None) -> str:
    """The configured salt, validated for the active profile."""
    env = os.environ if environ is None else environ
    salt = env.get(SALT_ENV, "")
    if len(salt.encode("utf-8")) > MAX_SALT_BYTES:
        raise PiiSaltError(f"{SALT_ENV} is longer than {MAX_SALT_BYTES} bytes (the HMAC key size)")
    if env.get(PROFILE_ENV, "") == PRODUCTION and len(salt) < MIN_PRODUCTION_SALT_CHARS:
        raise PiiSaltError(
            f"{PROFILE_ENV}={PRODUCTION} refuses to run without a PII salt: set {SALT_ENV} to a"
            f" secret of at least {MIN_PRODUCTION_SALT_CHARS} characters"
            " (e.g. `openssl rand -hex 32`)"
        )
    return salt
