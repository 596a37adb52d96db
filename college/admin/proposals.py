"""Admin for proposal runs and their proposals (接单): read-only, the workflow and the 接单 page write them."""

from __future__ import annotations

from django.contrib import admin

from college.admin.workflow import ReadOnlyAdmin
from college.models import Proposal, ProposalJob


@admin.register(ProposalJob)
class ProposalJobAdmin(ReadOnlyAdmin):
    list_display = ("term", "status", "objective", "bound", "openings", "elapsed", "created_at", "created_by")
    list_filter = ("status", "term")
    list_select_related = ("term", "created_by")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("activity", "community", "teacher", "venue", "served", "decision", "answer", "group")
    list_filter = ("decision", "answer", "community")
    list_select_related = ("activity", "community", "teacher", "venue", "group")
    search_fields = ("activity__name", "teacher__name")
