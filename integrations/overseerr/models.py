"""Overseerr answers with the Seerr schemas: ``integrations.families.seerr.models`` holds the
ones Tilewire reads."""
