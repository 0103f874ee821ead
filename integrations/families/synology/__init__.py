"""The Synology Web API (DSM and its packages, e.g. Download Station): API discovery, the
``SYNO.API.Auth`` login session, the ``success`` envelope and its error codes, shared by the
``synology`` and ``downloadstation`` integrations."""
