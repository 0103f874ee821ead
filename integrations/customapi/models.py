"""What Tilewire keeps of a Custom JSON API answer: any JSON (RFC 8259), decoded whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Answer:
    """The status and the decoded JSON body of the configured request."""

    status: int
    data: Any
