"""Jackett, through its Torznab API (``/api/v2.0/indexers/all/results/torznab/api``).

Built from the Jackett documentation (README, "Getting Indexer Information") and its sources
(src/Jackett.Server/Controllers/ResultsController.cs), version 0.24.2440.
"""

from integrations.jackett.definition import Jackett

integration = Jackett()
