"""Bazarr, through its REST API (``/api/...``, Bazarr 1.x; the same routes since 0.9).

Built from the Bazarr API documentation: the flask-restx namespaces of ``bazarr/api/`` that
Bazarr serves as ``/api/swagger.json`` (morpheus65535/bazarr; ``system/status`` at commit
05a58b9df565f148024ccb853758c09a6310ff8f).
"""

from integrations.bazarr.definition import Bazarr

integration = Bazarr()
