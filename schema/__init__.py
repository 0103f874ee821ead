"""Tilewire's GraphQL API: Strawberry types, resolvers, loaders, and the exported SDL."""
