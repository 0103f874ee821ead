"""Stash, through its GraphQL API (``POST /graphql``).

Built from the Stash GraphQL schema (graphql/schema: stats.graphql, version.graphql) and its
authentication (pkg/session, internal/api/authentication.go), version 0.30.1.
"""

from integrations.stash.definition import Stash

integration = Stash()
