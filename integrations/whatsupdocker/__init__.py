"""What's Up Docker (WUD), through its REST API (``/api``): open, or behind basic auth.

Built from the WUD API documentation (docs/api: app.md, container.md) and sources
(app/api, app/model/container.ts), version 8.3.1.
"""

from integrations.whatsupdocker.definition import WhatsUpDocker

integration = WhatsUpDocker()
