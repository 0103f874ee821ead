"""Jellyfin answers with the MediaBrowser shapes: ``integrations.families.mediabrowser.models``
holds the ones Tilewire reads."""
