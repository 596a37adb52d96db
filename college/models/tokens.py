"""Private calendar-feed tokens, stored hashed so a database leak reveals no live feed link."""

from __future__ import annotations

import hashlib
import secrets
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 24  # 192 random bits: well above the 128 a guessable link must not fall below


def hash_token(raw: str) -> str:
    """The stored fingerprint of a raw token (hex SHA-256)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class FeedTokenModel(models.Model):
    """Abstract: a person with a private calendar link. Only the SHA-256 of the token is kept."""

    feed_token_hash = models.CharField(
        _("calendar link fingerprint"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def has_feed_token(self) -> bool:
        return bool(self.feed_token_hash)

    def rotate_feed_token(self) -> str:
        """Make a new private link token, save its hash, and return the raw token (shown once, never stored)."""
        raw = secrets.token_urlsafe(TOKEN_BYTES)
        self.feed_token_hash = hash_token(raw)
        if self.pk is not None:
            type(self)._default_manager.filter(pk=self.pk).update(feed_token_hash=self.feed_token_hash)
        return raw

    def revoke_feed_token(self) -> None:
        """Stop the current private link at once."""
        self.feed_token_hash = None
        if self.pk is not None:
            type(self)._default_manager.filter(pk=self.pk).update(feed_token_hash=None)

    @classmethod
    def by_feed_token(cls, raw: str) -> Self | None:
        """The owner of a presented raw token, or None for an unknown or empty token."""
        if not raw:
            return None
        return cls._default_manager.filter(feed_token_hash=hash_token(raw)).first()
