"""Unraid, through the Unraid API's GraphQL endpoint (``POST /graphql``): built into Unraid 7.2
and later, and brought to 6.12 - 7.1 by the Unraid Connect plugin.

Built from the Unraid API schema (unraid/api api/generated-schema.graphql, v4.37.2) and its
authentication (api/src/unraid-api/auth); every document Tilewire sends is valid from API
4.16.0 on.
"""

from integrations.unraid.definition import Unraid

integration = Unraid()
