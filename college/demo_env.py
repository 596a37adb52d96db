"""Environment defaults for ``manage.py demo`` only, applied by manage.py before settings load.

The demo runs as the README writes it, with ``DEBUG`` unset (production-like: no debug pages), so it
needs a secret key: a random one is made once and kept in ``var/demo-secret-key`` (git-ignored),
so logins survive restarts. It serves on 127.0.0.1, so those host names are allowed. Variables set by
the user always win.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
KEY_FILE = BASE_DIR / "var" / "demo-secret-key"


def use_demo_defaults() -> None:
    if not os.environ.get("SECRET_KEY"):
        if not KEY_FILE.exists():
            KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
            KEY_FILE.write_text(secrets.token_urlsafe(50))
            KEY_FILE.chmod(0o600)
        os.environ["SECRET_KEY"] = KEY_FILE.read_text().strip()
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
