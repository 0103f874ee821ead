"""Sign-in by a reverse proxy (Authelia, Authentik, oauth2-proxy forward auth): the proxy
authenticates the person and names them and their groups in request headers.

Those headers are believed only from a TCP peer in ``TILEWIRE_TRUSTED_PROXIES`` (the
connection's own address, never X-Forwarded-For): anyone else could send them too. From any
other peer they are ignored, and that is logged once. The groups decide the role:
``TILEWIRE_PROXY_ADMIN_GROUPS`` first, then ``TILEWIRE_PROXY_VIEWER_GROUPS``; a user in
neither is refused (FORBIDDEN) rather than given a role nobody chose.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from ipaddress import IPv6Address, ip_address

from app.auth import FORBIDDEN, AuthError, Grant, Role, Via
from app.settings import Settings
from integrations.addresses import IPNetwork

logger = logging.getLogger(__name__)

MAX_USER_LENGTH = 256
MAX_GROUPS = 256


class ProxySignIn:
    """Who a trusted proxy says a request is, from its headers."""

    def __init__(
        self,
        trusted: tuple[IPNetwork, ...],
        *,
        user_header: str = "Remote-User",
        groups_header: str = "Remote-Groups",
        admin_groups: frozenset[str] = frozenset(),
        viewer_groups: frozenset[str] = frozenset(),
        operator_groups: frozenset[str] = frozenset(),
    ) -> None:
        self.trusted = trusted
        self.user_header = user_header
        self.groups_header = groups_header
        self.admin_groups = admin_groups
        self.viewer_groups = viewer_groups
        self.operator_groups = operator_groups
        self._reported = False

    @classmethod
    def from_settings(cls, settings: Settings) -> ProxySignIn:
        admins, viewers, operators = settings.proxy_groups
        return cls(
            settings.trusted_proxy_networks,
            user_header=settings.proxy_user_header,
            groups_header=settings.proxy_groups_header,
            admin_groups=admins,
            viewer_groups=viewers,
            operator_groups=operators,
        )

    def trusts(self, peer: str | None) -> bool:
        """Whether ``peer`` (the TCP peer's address) is one of the trusted proxies."""
        if peer is None or not self.trusted:
            return False
        try:
            address = ip_address(peer)
        except ValueError:
            return False
        if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.trusted)

    def grant(self, headers: Mapping[str, str], peer: str | None) -> Grant | None:
        """The proxy's user's grant; None when the request carries no user header, or carries
        it from a peer that is not trusted (then the header is ignored). AuthError when the
        user is in none of the configured groups, or the header is unusable."""
        user = headers.get(self.user_header)
        if user is None:
            return None
        if not self.trusts(peer):
            self._report_ignored(peer)
            return None
        user = user.strip()
        if not user:
            raise AuthError(f"the proxy sent an empty {self.user_header} header")
        if len(user) > MAX_USER_LENGTH:
            raise AuthError(f"the proxy's {self.user_header} header is too long")
        sent = headers.get(self.groups_header) or ""
        groups = {group.strip() for group in sent.split(",", MAX_GROUPS)[:MAX_GROUPS]}
        if groups & self.admin_groups:
            role = Role.ADMIN
        elif groups & self.operator_groups:
            role = Role.OPERATOR
        elif groups & self.viewer_groups:
            role = Role.VIEWER
        else:
            raise AuthError(
                f"{user!r} signed in through the proxy but is in none of the groups of "
                "TILEWIRE_PROXY_ADMIN_GROUPS, TILEWIRE_PROXY_OPERATOR_GROUPS or "
                "TILEWIRE_PROXY_VIEWER_GROUPS "
                f"(the proxy's {self.groups_header} header names the groups)",
                FORBIDDEN,
            )
        return Grant(role, None, user, Via.PROXY)

    def _report_ignored(self, peer: str | None) -> None:
        if self._reported:
            return
        self._reported = True
        if self.trusted:
            logger.warning(
                "ignored the %s header of a request from %s, which is not in "
                "TILEWIRE_TRUSTED_PROXIES (reported once)",
                self.user_header,
                peer or "an unknown peer",
            )
        else:
            logger.warning(
                "ignored the %s header of a request from %s: TILEWIRE_TRUSTED_PROXIES is "
                "empty, so proxy sign-in is off (reported once)",
                self.user_header,
                peer or "an unknown peer",
            )
