"""A fake npm registry on a real loopback socket: packuments and tarballs of packages a test
builds, so that ``npm ci`` can run without the internet. Counts tarball downloads."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import tarfile
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.server import free_port


def tarball(name: str, version: str, files: Mapping[str, bytes]) -> bytes:
    """An npm package tarball: ``package/package.json`` and ``files`` (paths inside it)."""
    members = {
        "package.json": json.dumps({"name": name, "version": version}).encode(),
        **files,
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sri512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@dataclass
class FakeRegistry:
    url: str = ""
    tarballs: dict[tuple[str, str], bytes] = field(default_factory=dict)
    downloads: Counter[str] = field(default_factory=Counter)

    def publish(self, name: str, version: str, files: Mapping[str, bytes]) -> str:
        """Publish a package; its integrity (what a lock records)."""
        data = tarball(name, version, files)
        self.tarballs[(name, version)] = data
        return sri512(data)

    def write_project(self, directory: Path, integrity: Mapping[str, str] | None = None) -> Path:
        """``package.json`` and a ``package-lock.json`` (without resolved URLs, as Tilewire's)
        depending on every published package; ``integrity`` overrides the lock's hashes."""
        directory.mkdir(parents=True, exist_ok=True)
        dependencies = {name: version for name, version in self.tarballs}
        root = {"name": "fixture", "version": "1.0.0", "dependencies": dependencies}
        packages: dict[str, object] = {"": root}
        for (name, version), data in self.tarballs.items():
            packages[f"node_modules/{name}"] = {
                "version": version,
                "integrity": (integrity or {}).get(name, sri512(data)),
            }
        lock = {**root, "lockfileVersion": 3, "requires": True, "packages": packages}
        del lock["dependencies"]
        (directory / "package.json").write_text(json.dumps(root, indent=2))
        (directory / "package-lock.json").write_text(json.dumps(lock, indent=2))
        return directory

    async def packument(self, request: Request) -> Response:
        name = request.path_params["name"]
        versions = {
            version: {
                "name": name,
                "version": version,
                "dist": {
                    "tarball": f"{self.url}/{name}/-/{name}-{version}.tgz",
                    "integrity": sri512(data),
                    "shasum": hashlib.sha1(data).hexdigest(),  # npm packuments carry it
                },
            }
            for (package, version), data in self.tarballs.items()
            if package == name
        }
        if not versions:
            return JSONResponse({"error": "not found"}, status_code=404)
        latest = sorted(versions)[-1]
        return JSONResponse({"name": name, "dist-tags": {"latest": latest}, "versions": versions})

    async def download(self, request: Request) -> Response:
        name, file = request.path_params["name"], request.path_params["file"]
        for (package, version), data in self.tarballs.items():
            if package == name and file == f"{name}-{version}.tgz":
                self.downloads[name] += 1
                return Response(data, media_type="application/octet-stream")
        return Response(status_code=404)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/{name}", self.packument),
                Route("/{name}/-/{file}", self.download),
            ]
        )


@contextlib.contextmanager
def running_registry() -> Iterator[FakeRegistry]:
    """The registry on a free loopback port, in a thread of its own (``npm ci`` runs as a
    blocking subprocess)."""
    registry = FakeRegistry()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            registry.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        threading.Event().wait(0.01)
    registry.url = f"http://127.0.0.1:{port}"
    try:
        yield registry
    finally:
        server.should_exit = True
        thread.join(timeout=10)
