"""PhotoPrism: what the library holds (photos, videos, albums, people, places, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.capabilities import Payload
from integrations.config import BearerToken, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.photoprism.client import PhotoPrismClient

CONFIG_PATH = "api/v1/config"


class PhotoPrismLibrary(Payload):
    """The library as the signed-in user sees it."""

    photos: int
    videos: int
    live_photos: int
    albums: int
    folders: int
    files: int
    people: int
    places: int
    labels: int
    favorites: int
    private: int
    in_review: int


class PhotoPrism(Integration["PhotoPrismClient"]):
    id = "photoprism"
    name = "PhotoPrism"
    icon = "photoprism"
    categories = ("media",)
    docs_url = "https://docs.photoprism.app/developer-guide/api/"
    verification = "Built from the PhotoPrism API documentation and sources, release 240915"
    default_port = 2342
    credentials = (BearerToken, UsernamePassword)
    client_class = "integrations.photoprism.client:PhotoPrismClient"

    async def test_connection(self, client: PhotoPrismClient) -> ServiceInfo:
        from integrations.photoprism.models import ClientConfig

        config = await client.get_json(CONFIG_PATH, ClientConfig)
        return ServiceInfo.of(config.version or None, {"photos": str(config.count.photos)})

    @endpoint(
        "library",
        name="Library",
        description="Photos, videos, live photos, albums, folders, files, people, places, "
        "labels, favorites, private items and those waiting for review.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def library(self, client: PhotoPrismClient) -> PhotoPrismLibrary:
        from integrations.photoprism.models import ClientConfig

        count = (await client.get_json(CONFIG_PATH, ClientConfig)).count
        return PhotoPrismLibrary(
            photos=count.photos,
            videos=count.videos,
            live_photos=count.live,
            albums=count.albums,
            folders=count.folders,
            files=count.files,
            people=count.people,
            places=count.places,
            labels=count.labels,
            favorites=count.favorites,
            private=count.private,
            in_review=count.review,
        )
