"""Jellyseerr answers with Overseerr's schemas: its models are Overseerr's, named here too."""

from __future__ import annotations

from integrations.overseerr.models import IssueCount, RequestCount, Status, User

__all__ = ["IssueCount", "RequestCount", "Status", "User"]
