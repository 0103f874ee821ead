"""Readarr, through its API v1 (``/api/v1/...``). Readarr is retired: its repository is
archived and it gets no more releases.

Built from the Readarr API documentation (``src/Readarr.Api.V1/openapi.json``, API v1, in the
archived repository); the client and endpoints are the Servarr family's
(``integrations.families.servarr``), with Readarr's authors and books.
"""

from integrations.readarr.definition import Readarr

integration = Readarr()
