from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_have_no_unmigrated_changes() -> None:
    out = io.StringIO()
    call_command("makemigrations", "college", "--check", "--dry-run", stdout=out)
    assert out.getvalue() == "No changes detected in app 'college'\n"
