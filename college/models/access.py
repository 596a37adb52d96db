"""Who may act: coordinators scoped to communities, and their personal API tokens (stored hashed).

A coordinator is a Django user with a ``Coordinator`` profile naming the communities they look after;
a district coordinator (``is_district``) looks after every community. ``college.domain.access`` answers
"may this user change community X / plan term Y" from these rows.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from college.models.fields import single_line
from college.models.places import Community
from college.models.tokens import TOKEN_BYTES, hash_token

API_TOKEN_PREFIX = "kb_"  # tells an API token apart from a private calendar link at a glance
LAST_USED_RESOLUTION_SECONDS = 60  # a busy client does not write on every request


class Coordinator(models.Model):
    """A user's coordinator profile: the communities they may change, or all of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="coordinator", verbose_name=_("user")
    )
    communities = models.ManyToManyField(
        Community, blank=True, related_name="coordinators", verbose_name=_("communities")
    )
    is_district = models.BooleanField(
        _("district coordinator"), default=False, help_text=_("Sees and changes every community.")
    )

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the raw token is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        validators=[single_line],
        help_text=_("What the token is for, e.g. “WeChat mini-program”."),
    )
    token_hash = models.CharField(_("fingerprint"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("begins with"), max_length=12, editable=False, help_text=_("The first characters, to recognise a token.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_raw_token() -> str:
        return API_TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)

    def set_raw_token(self, raw: str) -> None:
        """Remember only the fingerprint and the first characters of ``raw``."""
        self.token_hash = hash_token(raw)
        self.prefix = raw[: len(API_TOKEN_PREFIX) + 4]

    @classmethod
    def issue(cls, user: models.Model, name: str) -> tuple[ApiToken, str]:
        """Make and save a token for ``user``; return it with the raw token (never stored)."""
        raw = cls.new_raw_token()
        token = cls(user=user, name=name)
        token.set_raw_token(raw)
        token.save()
        return token, raw

    def revoke(self) -> None:
        """Stop the token at once (the row stays, for the record)."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            type(self).objects.filter(pk=self.pk).update(revoked_at=self.revoked_at)

    @classmethod
    def authenticate(cls, raw: str) -> ApiToken | None:
        """The active token of an active user matching ``raw``, marked as used; None otherwise."""
        if not raw.startswith(API_TOKEN_PREFIX):
            return None
        token = (
            cls.objects.select_related("user")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is not None:
            now = timezone.now()
            last = token.last_used_at
            if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
                token.last_used_at = now
                cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token
