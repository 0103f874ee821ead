"""The GraphiQL page and its file route: only pinned files, with the right types and cache
headers, never a path out of the install directory; without the files, the page says how to
install them instead of loading forever."""

from __future__ import annotations

import html
import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import graphql
import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from app.crypto import generate_key
from app.graphiql import EXAMPLE, INSTALLED_ASSETS, PAGE_SCRIPT, Asset, GraphiQLPage, integrity_of
from schema.schema import SDL_PATH
from tests.support.server import serve

SCRIPT = b"window.Fixture = 1;\n"
STYLE = b"body { color: teal; }\n"
ASSETS = (
    Asset("fixture.css", "fixture/fixture.css", integrity_of(STYLE)),
    Asset("fixture.js", "fixture/fixture.js", integrity_of(SCRIPT)),
)
HTML = {"Accept": "text/html"}


def raw_get(base_url: str, target: str) -> int:
    """The status of ``GET target`` sent byte for byte (no client normalises the path)."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        head = sock.recv(64)
    return int(head.split(b" ")[1])


def test_the_server_without_the_files_says_how_to_install_them_and_serves_none(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    env = {"TILEWIRE_DATA_DIR": str(data_dir), "INTEGRATION_ENCRYPTION_KEY": generate_key()}
    with serve(env, tmp_path / "server.log") as server, httpx.Client(base_url=server.url) as http:
        page = http.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "tilewire install-graphiql" in page.text
        assert "are not installed" in page.text
        assert "<script" not in page.text and "https://" not in page.text  # nothing to load
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        assert str(data_dir) not in page.text  # the server's paths stay in its log

        for asset in INSTALLED_ASSETS:
            assert http.get(f"/graphiql/assets/{asset.name}").status_code == 404
        script = http.get(f"/graphiql/assets/{PAGE_SCRIPT.name}")
        assert script.status_code == 200
        assert script.headers["content-type"] == "text/javascript; charset=utf-8"
        assert script.headers["x-content-type-options"] == "nosniff"
        assert integrity_of(script.content) == PAGE_SCRIPT.integrity

        for target in (
            "/graphiql/assets/../../pyproject.toml",
            "/graphiql/assets/..%2F..%2Fpyproject.toml",
            "/graphiql/assets/%2e%2e/%2e%2e/app/cli.py",
            "/graphiql/assets/..%5C..%5Capp%5Ccli.py",
            "/graphiql/assets/%2Fetc%2Fpasswd",
            "/graphiql/assets/page.html",  # Tilewire's own files, not meant to be served
            "/graphiql/assets/package-lock.json",
            "/graphiql/assets/example.graphql",
            "/graphiql/assets/",
        ):
            assert raw_get(server.url, target) == 404, target

        # Files that are there but are not the pinned ones: said so, and not served.
        (data_dir / "graphiql").mkdir(parents=True)
        for asset in INSTALLED_ASSETS:
            (data_dir / "graphiql" / asset.name).write_text("/* something else */")
        page = http.get("/graphql", headers=HTML)
        assert "are not the pinned ones" in page.text and "<script" not in page.text
        assert http.get("/graphiql/assets/graphiql.min.js").status_code == 404
    assert "GraphiQL page unavailable: graphiql.min.css is not the pinned file" in server.log()


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    directory = tmp_path / "graphiql"
    directory.mkdir()
    (directory / "fixture.js").write_bytes(SCRIPT)
    (directory / "fixture.css").write_bytes(STYLE)
    return directory


@pytest.fixture
async def http(installed: Path) -> AsyncIterator[httpx.AsyncClient]:
    page = GraphiQLPage(installed, ASSETS)
    app = Starlette(routes=[Route("/graphql", page.render), *page.routes()])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tilewire") as client:
        yield client


async def test_the_page_loads_every_pinned_file_with_its_integrity_and_opens_on_the_example(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get("/graphql")
    assert page.status_code == 200
    tags = re.findall(
        r'<(?:script src|link rel="stylesheet" href)="([^"]+)" integrity="([^"]+)"', page.text
    )
    assert tags == [
        (f"graphiql/assets/{a.name}?v={a.tag}", a.integrity)
        for a in (ASSETS[0], ASSETS[1], PAGE_SCRIPT)
    ]
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self' ws://tilewire wss://tilewire;" in policy
    assert "unsafe-eval" not in policy and "https:" not in policy
    assert f'data-example="{html.escape(EXAMPLE, quote=True)}"' in page.text
    # Scripts are files only: the policy allows no inline script, so the sign-in bar is built
    # by the page's script, and the page carries no form a browser could submit without it.
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []
    assert "<form" not in page.text and "<input" not in page.text
    # A Host header is named in the policy only when it is a host.
    forged = await http.get("/graphql", headers={"Host": "evil; script-src *"})
    assert "connect-src 'self';" in forged.headers["content-security-policy"]
    assert "evil" not in forged.headers["content-security-policy"]


async def test_files_are_served_with_their_type_and_cached_under_their_version(
    http: httpx.AsyncClient,
) -> None:
    script, style = ASSETS[1], ASSETS[0]
    versioned = await http.get(f"/graphiql/assets/{script.name}?v={script.tag}")
    assert versioned.content == SCRIPT
    assert versioned.headers["content-type"] == "text/javascript; charset=utf-8"
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert versioned.headers["x-content-type-options"] == "nosniff"
    css = await http.get(f"/graphiql/assets/{style.name}")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert css.headers["cache-control"] == "no-cache"  # an unversioned URL is revalidated
    again = await http.get(
        f"/graphiql/assets/{style.name}", headers={"If-None-Match": css.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    head = await http.head(f"/graphiql/assets/{script.name}")
    assert head.status_code == 200 and head.headers["content-length"] == str(len(SCRIPT))


async def test_a_file_changed_after_it_was_checked_is_no_longer_served(
    http: httpx.AsyncClient, installed: Path
) -> None:
    assert (await http.get("/graphiql/assets/fixture.js")).status_code == 200
    (installed / "fixture.js").write_bytes(b"alert('changed');\n")
    assert (await http.get("/graphiql/assets/fixture.js")).status_code == 404
    assert "are not the pinned ones" in (await http.get("/graphql")).text
    (installed / "fixture.js").write_bytes(SCRIPT)
    assert (await http.get("/graphiql/assets/fixture.js")).status_code == 200


async def test_a_link_out_of_the_install_directory_is_not_followed(
    http: httpx.AsyncClient, installed: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.js"
    outside.write_bytes(SCRIPT)  # even with the pinned content
    (installed / "fixture.js").unlink()
    (installed / "fixture.js").symlink_to(outside)
    assert (await http.get("/graphiql/assets/fixture.js")).status_code == 404
    assert "are not installed" in (await http.get("/graphql")).text


def test_the_example_and_its_subscription_are_valid_against_tilewires_schema() -> None:
    schema = graphql.build_schema(SDL_PATH.read_text())
    assert graphql.validate(schema, graphql.parse(EXAMPLE)) == []
    commented = EXAMPLE[EXAMPLE.index("# subscription Live") :]
    subscription = "\n".join(line.removeprefix("# ") for line in commented.splitlines())
    assert graphql.validate(schema, graphql.parse(subscription)) == []
    assert subscription.startswith("subscription Live {")
