"""Jellyseerr's API v1 is Overseerr's, plus ``/auth/jellyfin``: a Jellyfin or Emby user's
username and password, which Jellyseerr checks with its media server.

That sign-in answers 401 ``Unauthorized`` when the media server rejects the password, 403
``Access denied.`` for a user Jellyseerr does not let in (not imported, new sign-ins off), 406
when a new user would first need an email address, and 500 ``Jellyfin login is disabled`` when
the server is set up for Plex.
"""

from __future__ import annotations

from integrations.errors import ErrorCode
from integrations.families.seerr.client import API_ROOT, SeerrClient, SignIn
from integrations.jellyseerr.definition import MediaServerAccount


class JellyseerrClient(SeerrClient):
    """The Seerr client, with Jellyseerr's name and its Jellyfin/Emby sign-in."""

    service_name = "Jellyseerr"

    def sign_in(self) -> SignIn:
        account = self.credentials_as(MediaServerAccount)
        if account is None:
            return super().sign_in()
        return SignIn(
            API_ROOT + "auth/jellyfin",
            {
                "username": account.server_username,
                "password": account.server_password.get_secret_value(),
            },
            {
                401: (
                    ErrorCode.UNAUTHORIZED,
                    "the media server rejected the Jellyfin/Emby username or password",
                ),
                403: (
                    ErrorCode.FORBIDDEN,
                    "Jellyseerr does not let this user sign in: import it (Users) or allow new "
                    "sign-ins",
                ),
                406: (
                    ErrorCode.FORBIDDEN,
                    "this user has never signed in to Jellyseerr: sign in once in its web UI "
                    "(it asks for an email address)",
                ),
            },
        )
