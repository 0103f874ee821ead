"""Docker, through the Docker Engine API (v1.41 and later; Podman's Docker-compatible API too).

Built from the Docker Engine API reference, version 1.41
(https://docs.docker.com/reference/api/engine/version/v1.41/), and verified against a running
Podman 4.3.1 answering that API on a unix socket.
"""

from integrations.docker.definition import Docker

integration = Docker()
