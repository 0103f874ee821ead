"""PhotoPrism, through its API v1 (an app password, or a session from a username and password).

Built from PhotoPrism's API documentation and sources (internal/api/api.go authentication,
session_create.go and session_response.go, internal/config/client_config.go ClientCounts),
release 240915-e1280b2fb.
"""

from integrations.photoprism.definition import PhotoPrism

integration = PhotoPrism()
