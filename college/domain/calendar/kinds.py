"""The five kinds of calendar feed."""

from __future__ import annotations

from enum import StrEnum

from college.models.tokens import TOKEN_BYTES

FORMAT_VERSION = "1"  # bump when the builder writes different bytes for the same content
MAX_TOKEN_LENGTH = 4 * TOKEN_BYTES  # token_urlsafe(24) is 32 characters; anything much longer is not ours


class FeedKind(StrEnum):
    GROUP = "group"
    VENUE = "venue"
    COMMUNITY = "community"
    TEACHER = "teacher"  # private: the key is the teacher's feed token
    RESIDENT = "resident"  # private: the key is the resident's feed token

    @property
    def private(self) -> bool:
        return self in (FeedKind.TEACHER, FeedKind.RESIDENT)
