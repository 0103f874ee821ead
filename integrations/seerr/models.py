"""Seerr answers with the Seerr (Overseerr) schemas: ``integrations.families.seerr.models``
holds the ones Tilewire reads."""
