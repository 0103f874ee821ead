"""Navidrome, through the Subsonic API 1.16.1 and the OpenSubsonic extensions it documents.

Built from the OpenSubsonic API documentation (the Subsonic API 1.16.1 with OpenSubsonic's
clarifications) and Navidrome's "Subsonic API Compatibility" page; any Subsonic-compatible
server answers the same calls.
"""

from integrations.navidrome.definition import Navidrome

integration = Navidrome()
