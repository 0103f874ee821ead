"""Tilewire's integration framework and the integrations, one subpackage each.

Knows nothing of the database, GraphQL or HTTP serving: usable on its own from a script.
"""
