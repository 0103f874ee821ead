"""Technitium DNS Server, through its HTTP API (15.0 and later: a bearer token).

Built from the Technitium DNS Server API documentation (APIDOCS.md), version 15.2.
"""

from integrations.technitium.definition import Technitium

integration = Technitium()
