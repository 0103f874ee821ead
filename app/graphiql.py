"""Tilewire's GraphiQL page, and the browser files it loads, served by Tilewire itself.

The page (``GET /graphql`` with ``Accept: text/html``) loads React, GraphiQL and its Explorer
plugin from ``/graphiql/assets/``, never from a CDN, so it works where the browser or the
server has no internet access. ``tilewire install-graphiql`` (``app/graphiql_install.py``)
puts those files into ``$TILEWIRE_DATA_DIR/graphiql``; until then the page says how to get
them. Each file is pinned by its SHA-384: checked when installed, before it is served, and by
the browser (subresource integrity).

With authentication on, the page's own script (``graphiql_files/page.js``) asks for an API key
above GraphiQL, checks it with ``me`` and keeps it in sessionStorage for the browser session
(never in localStorage, a cookie or the URL); the server tells it whether to ask (``me`` answers
UNAUTHENTICATED), so nothing about authentication is rendered into the page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

logger = logging.getLogger("tilewire")

FILES_DIR = Path(__file__).with_name("graphiql_files")
"""Tilewire's own page files, and the npm manifest and lock of the installed ones."""
ASSETS_PATH = "/graphiql/assets"
MAX_ASSET_BYTES = 8 * 1024 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"

PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'$websockets",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
# A host as browsers send it: a name or IPv4 address, or a bracketed IPv6 address, and a port.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
NOTICE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def integrity_of(data: bytes) -> str:
    """The subresource-integrity value of ``data`` (``sha384-<base64>``)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


@dataclass(frozen=True)
class Asset:
    """One browser file: its name under ``/graphiql/assets/``, where npm installs it (inside
    ``node_modules``), and its pinned SHA-384."""

    name: str
    source: str
    integrity: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[Path(self.name).suffix]

    @property
    def tag(self) -> str:
        """A short version tag derived from the content, for URLs and ETags."""
        digest = base64.b64decode(self.integrity.removeprefix("sha384-"))
        return base64.urlsafe_b64encode(digest[:12]).decode()


# In the order the page loads them. graphiql's UMD bundle carries @graphiql/react,
# @graphiql/toolkit, graphql and the graphql-ws client; the Explorer plugin uses its globals.
INSTALLED_ASSETS: tuple[Asset, ...] = (
    Asset(
        "graphiql.min.css",
        "graphiql/graphiql.min.css",
        "sha384-1el1QShFBnnXTx9x/Cprg82hZWKt0ry29OAYIXt05swbi0KcZDFoj0CWguMpopJr",
    ),
    Asset(
        "plugin-explorer.css",
        "@graphiql/plugin-explorer/dist/style.css",
        "sha384-XffIsImDMwexX8UM/Bg3tss0MZOeQmZcnHzk0avUrw9ff0IQ2g9j7QLA6m2lz5D0",
    ),
    Asset(
        "react.production.min.js",
        "react/umd/react.production.min.js",
        "sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z",
    ),
    Asset(
        "react-dom.production.min.js",
        "react-dom/umd/react-dom.production.min.js",
        "sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1",
    ),
    Asset(
        "graphiql.min.js",
        "graphiql/graphiql.min.js",
        "sha384-9XdHu7ajgGJziD4J1zNBKQ842Q/+zZfDv+ib1eMhZWBH6hPAs806x+Jbcf0yNO6B",
    ),
    Asset(
        "plugin-explorer.umd.js",
        "@graphiql/plugin-explorer/dist/index.umd.js",
        "sha384-gXYG2RCFRuAiKUaKTbKxOVlvr0U9z0D/V/l5jdvRSH46vQ+9cpkG2d3ByiggUYvD",
    ),
)

PAGE_SCRIPT_BYTES = (FILES_DIR / "page.js").read_bytes()
PAGE_SCRIPT = Asset("tilewire-graphiql.js", "", integrity_of(PAGE_SCRIPT_BYTES))
"""Tilewire's own script, last: it starts GraphiQL (served from the package, not installed)."""
EXAMPLE = (FILES_DIR / "example.graphql").read_text(encoding="utf-8")
"""The document GraphiQL opens on."""

_PAGE = Template((FILES_DIR / "page.html").read_text(encoding="utf-8"))
_NOTICE = Template((FILES_DIR / "unavailable.html").read_text(encoding="utf-8"))


def check_file(path: Path, asset: Asset) -> str | None:
    """Why ``path`` is not ``asset`` (missing, too large, another content), or None."""
    try:
        size = path.stat().st_size
        if size > MAX_ASSET_BYTES:
            return f"{asset.name} is {size} bytes, larger than any pinned file"
        data = path.read_bytes()
    except FileNotFoundError:
        return f"{asset.name} is missing"
    except OSError as err:
        return f"{asset.name} cannot be read ({err.strerror})"
    found = integrity_of(data)
    if found != asset.integrity:
        return f"{asset.name} is not the pinned file (SHA-384 {found}, expected {asset.integrity})"
    return None


_Signature = tuple[int, int, int]


@dataclass(frozen=True)
class Unavailable:
    """Why the page cannot load GraphiQL: ``detail`` names the file and what is wrong with it
    (for the log); ``installed`` tells missing files from files that are not the pinned ones."""

    detail: str
    installed: bool

    @property
    def reason(self) -> str:
        """What the page tells the browser (no path of the server's)."""
        if not self.installed:
            return "Its browser files are not installed on this server."
        return (
            "Its browser files on this server are not the pinned ones (a changed or damaged "
            "install): install them again."
        )


class GraphiQLPage:
    """The page and its files, from ``directory`` (``$TILEWIRE_DATA_DIR/graphiql``).

    A file is served only once its content matched the pinned SHA-384; the check is repeated
    when the file changes (size, mtime or inode), so an install that goes wrong or a file
    tampered with afterwards turns the page back into the instructions rather than into a
    page the browser refuses to run."""

    def __init__(self, directory: Path, assets: tuple[Asset, ...] = INSTALLED_ASSETS) -> None:
        self.directory = directory
        self.assets = assets
        self._assets = {asset.name: asset for asset in assets}
        self._verified: dict[str, _Signature] = {}
        self._reported: Unavailable | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route(ASSETS_PATH + "/{name}", self.asset, methods=["GET"])]

    async def render(self, request: Request) -> Response:
        """GraphiQL on its installed files, or the instructions to install them."""
        problem = await run_in_threadpool(self.problem)
        if problem is not None:
            if problem != self._reported:  # once, not at every reload
                logger.warning(
                    "GraphiQL page unavailable: %s in %s; run `tilewire install-graphiql`",
                    problem.detail,
                    self.directory,
                )
                self._reported = problem
            body = _NOTICE.substitute(reason=html.escape(problem.reason))
            return HTMLResponse(body, headers=_headers(NOTICE_POLICY))
        self._reported = None
        styles = [a for a in self.assets if a.name.endswith(".css")]
        scripts = [a for a in (*self.assets, PAGE_SCRIPT) if a.name.endswith(".js")]
        body = _PAGE.substitute(
            stylesheets="\n".join(
                f'    <link rel="stylesheet" href="{_url(a)}" integrity="{a.integrity}">'
                for a in styles
            ),
            scripts="\n".join(
                f'    <script src="{_url(a)}" integrity="{a.integrity}"></script>' for a in scripts
            ),
            example=html.escape(EXAMPLE, quote=True),
        )
        return HTMLResponse(body, headers=_headers(_page_policy(request)))

    async def asset(self, request: Request) -> Response:
        """One pinned file; anything else is 404. Cached for a year when asked for under its
        current version tag (the page's URLs carry it), revalidated otherwise."""
        name = request.path_params["name"]
        if name == PAGE_SCRIPT.name:
            asset, path = PAGE_SCRIPT, None
        elif name in self._assets:
            asset = self._assets[name]
            path = await run_in_threadpool(self._verified_path, asset)
            if path is None:
                return _not_found()
        else:
            return _not_found()
        headers = {
            "cache-control": IMMUTABLE
            if request.query_params.get("v") == asset.tag
            else "no-cache",
            "etag": f'"{asset.tag}"',
            "x-content-type-options": "nosniff",
        }
        if request.headers.get("if-none-match") == headers["etag"]:
            return Response(status_code=304, headers=headers)
        if path is None:
            return Response(PAGE_SCRIPT_BYTES, media_type=asset.content_type, headers=headers)
        return FileResponse(path, media_type=asset.content_type, headers=headers)

    def problem(self) -> Unavailable | None:
        """Why the installed files cannot be served (the first one found), or None."""
        for asset in self.assets:
            if self._verified_path(asset) is None:
                path = self._path(asset)
                if path is None:
                    detail = f"{asset.name} is missing (or not a file inside the directory)"
                    return Unavailable(detail, installed=False)
                detail = check_file(path, asset) or f"{asset.name} changed while it was checked"
                return Unavailable(detail, installed=True)
        return None

    def _path(self, asset: Asset) -> Path | None:
        """The asset's file, refused when a link leads it out of the directory."""
        try:
            root = self.directory.resolve(strict=True)
            path = (root / asset.name).resolve(strict=True)
        except OSError:
            return None
        return path if path.parent == root and path.is_file() else None

    def _verified_path(self, asset: Asset) -> Path | None:
        path = self._path(asset)
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if self._verified.get(asset.name) == signature:
            return path
        self._verified.pop(asset.name, None)
        if check_file(path, asset) is not None:
            return None
        self._verified[asset.name] = signature
        return path


def _url(asset: Asset) -> str:
    # Relative to /graphql, so that the page also works behind a proxy that adds a prefix.
    return f"{ASSETS_PATH.lstrip('/')}/{asset.name}?v={asset.tag}"


def _page_policy(request: Request) -> str:
    """The page's policy, with its own host's WebSocket origins named: ``'self'`` covers them
    in browsers that implement CSP level 3, older ones need them spelled out."""
    host = request.headers.get("host", "")
    websockets = f" ws://{host} wss://{host}" if _HOST.fullmatch(host) else ""
    return PAGE_POLICY.replace("$websockets", websockets)


def _headers(policy: str) -> dict[str, str]:
    return {
        "content-security-policy": policy,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
    }


def _not_found() -> Response:
    return Response("not found", status_code=404, media_type="text/plain; charset=utf-8")
