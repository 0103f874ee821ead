"""What's Up Docker: the containers it watches, with the updates their images have."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionResult, NoInput, action
from integrations.capabilities import Payload
from integrations.config import NoCredentials, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.whatsupdocker.client import WhatsUpDockerClient
    from integrations.whatsupdocker.models import Container

APP_PATH = "api/app"
CONTAINERS_PATH = "api/containers"
WATCH_PATH = "api/containers/watch"
MAX_CONTAINERS = 100
MAX_TEXT = 200


class WhatsUpDockerContainer(Payload):
    name: str = Field(description="the display name WUD shows, else the container's name")
    image: str = Field(description="the image's name")
    current: str | None = Field(None, description="the running tag (or digest)")
    available: str | None = Field(None, description="the newer tag or digest, when one exists")
    update_available: bool
    update_kind: str = Field(description="tag, digest or unknown")
    semver_diff: str | None = Field(
        None, description="major, minor, patch or prerelease, for a tag update"
    )
    status: str = Field(description="the container's state, e.g. running or exited")
    watcher: str
    error: str | None = Field(None, description="why WUD could not check it (at most 200 chars)")


class WhatsUpDockerContainers(Payload):
    """The containers What's Up Docker watches: updates first, then failed checks."""

    total: int
    updates_available: int
    major: int = Field(description="updates to a new major version")
    minor: int
    patch: int
    digest: int = Field(description="updates of the same tag to a new image digest")
    errors: int = Field(description="containers WUD failed to check")
    containers: list[WhatsUpDockerContainer] = Field(
        description="updates first, then failed checks, then by name (at most 100)"
    )


def _text(value: str | None) -> str | None:
    return value[:MAX_TEXT] if value else None


def _container(container: Container) -> WhatsUpDockerContainer:
    kind = container.update_kind
    update = container.update_available
    return WhatsUpDockerContainer(
        name=(container.display_name or container.name)[:MAX_TEXT],
        image=container.image.name[:MAX_TEXT],
        current=_text(kind.local_value if update else None) or _text(container.image.tag.value),
        available=_text(kind.remote_value) if update else None,
        update_available=update,
        update_kind=kind.kind[:20] if update else "unknown",
        semver_diff=_text(kind.semver_diff) if update and kind.kind == "tag" else None,
        status=container.status[:40],
        watcher=container.watcher[:MAX_TEXT],
        error=_text(container.error.message) if container.error else None,
    )


def containers_of(containers: list[Container]) -> WhatsUpDockerContainers:
    listed = sorted(
        (_container(c) for c in containers),
        key=lambda c: (not c.update_available, c.error is None, c.name.casefold()),
    )
    updates = [c for c in listed if c.update_available]
    return WhatsUpDockerContainers(
        total=len(listed),
        updates_available=len(updates),
        major=sum(c.semver_diff == "major" for c in updates),
        minor=sum(c.semver_diff == "minor" for c in updates),
        patch=sum(c.semver_diff == "patch" for c in updates),
        digest=sum(c.update_kind == "digest" for c in updates),
        errors=sum(c.error is not None for c in listed),
        containers=listed[:MAX_CONTAINERS],
    )


class WhatsUpDocker(Integration["WhatsUpDockerClient"]):
    id = "whatsupdocker"
    name = "What's Up Docker"
    icon = "whats-up-docker"
    categories = ("containers",)
    docs_url = "https://getwud.github.io/wud/#/api/"
    verification = "Built from the What's Up Docker API documentation, version 8.3.1"
    default_port = 3000
    credentials = (NoCredentials, UsernamePassword)
    client_class = "integrations.whatsupdocker.client:WhatsUpDockerClient"

    async def test_connection(self, client: WhatsUpDockerClient) -> ServiceInfo:
        from integrations.base import together
        from integrations.whatsupdocker.models import CONTAINERS, App

        app, containers = await together(
            client.get_json(APP_PATH, App), client.get_json(CONTAINERS_PATH, CONTAINERS)
        )
        return ServiceInfo.of(app.version, {"containers": str(len(containers))})

    @endpoint(
        "containers",
        name="Containers",
        description="The watched containers with the newer tag or digest their image has "
        "(major, minor, patch or digest), and those WUD failed to check; updates first.",
        ttl=300.0,
        min_refresh=30.0,
    )
    async def containers(self, client: WhatsUpDockerClient) -> WhatsUpDockerContainers:
        from integrations.whatsupdocker.models import CONTAINERS

        return containers_of(await client.get_json(CONTAINERS_PATH, CONTAINERS))

    @action(
        "watchAll",
        label="Check for updates",
        description="Asks WUD to check every watched container's image for updates now (it "
        "answers when every registry has; raise the timeout for many containers).",
        affects=("containers",),
    )
    async def watch_all(self, client: WhatsUpDockerClient, input: NoInput) -> ActionResult:
        from integrations.whatsupdocker.models import CONTAINERS

        response = await client.request("POST", WATCH_PATH)
        watched = client.parse(response, CONTAINERS)
        updates = sum(c.update_available for c in watched)
        return ActionResult(
            message=f"Checked {len(watched)} containers: {updates} with an update",
            affected=len(watched),
        )
