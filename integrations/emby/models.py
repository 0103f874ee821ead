"""Emby answers with the MediaBrowser shapes: ``integrations.families.mediabrowser.models``
holds the ones Tilewire reads.

``/Items/Counts`` adds GameCount and GameSystemCount, which Tilewire does not read.
"""
