"""Records exchanges with a real service on loopback as fixtures, for every re-recorder
(``tests/live/record_fixtures.py`` and ``tests/integrations/<id>/record.py``).

A fixture (``tests/integrations/<id>/fixtures/<name>.json``) is one exchange::

    {"source": "...", "request": {"method", "path", "headers"?, "body"?},
     "response": {"status", "headers", "body"}}

``response.body`` is the parsed JSON, or the text. Only the response headers that matter are kept;
secrets and values that change every run are replaced by fixed fakes, and a fixture that would
still hold a real secret is not written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
HTML_TRIM = 300
"""Characters of a web page kept in a fixture: enough to tell what answered."""
TODAY = dt.date.today().isoformat()
KEEP_HEADERS = ("content-type", "set-cookie", "x-transmission-session-id", "www-authenticate")


def debian_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "unknown"


class Recorder:
    """Writes one integration's fixtures. ``fakes`` maps a real secret (or per-run value) to
    the fake written in its place, wherever it appears; ``cookie_fakes`` maps a cookie name
    to the fake value a recorded ``Set-Cookie`` gets; ``patterns`` are ``(regex, replacement)``
    substitutions for secrets whose value is only known by its shape (session cookies and CSRF
    tokens inside a page); ``request_headers`` names the request headers copied into each
    fixture (scrubbed)."""

    def __init__(
        self,
        integration_id: str,
        source: str = "",
        *,
        keep_headers: Collection[str] = KEEP_HEADERS,
        request_headers: Collection[str] = (),
        fakes: Mapping[str, str] | None = None,
        cookie_fakes: Mapping[str, str] | None = None,
        patterns: Sequence[tuple[re.Pattern[str], str]] = (),
        trim: int | None = None,
    ) -> None:
        self.dir = ROOT / "tests" / "integrations" / integration_id / "fixtures"
        self.source = source
        self.keep_headers = tuple(keep_headers)
        self.request_headers = tuple(request_headers)
        self.replacements: dict[str, str] = dict(fakes or {})
        self.cookie_fakes = dict(cookie_fakes or {})
        self.patterns = tuple(patterns)
        self.trim = trim
        """How many characters of a non-JSON body to keep unless a record says (None: all)."""
        self.written: list[Path] = []

    def scrub(self, text: str) -> str:
        for real, fake in self.replacements.items():
            text = text.replace(real, fake)
        for pattern, replacement in self.patterns:
            text = pattern.sub(replacement, text)
        return text

    def _set_cookie(self, cookie: str) -> str:
        name, _, rest = cookie.partition("=")
        value = rest.split(";", 1)[0]
        if name in self.cookie_fakes and value:
            self.replacements[value] = self.cookie_fakes[name]
        return self.scrub(cookie)

    def record(
        self,
        name: str,
        response: httpx.Response,
        source: str | None = None,
        *,
        note: str = "",
        request_headers: Mapping[str, str] | None = None,
        request_body: Any = None,
        trim: int | None = None,
        html: str | None = None,
        body_of: Callable[[httpx.Response], Any] | None = None,
    ) -> httpx.Response:
        """Write ``response`` (and its request) as fixture ``name``. ``trim`` cuts a non-JSON
        body to its first characters; ``html`` replaces it (a page with its form only, say);
        ``body_of`` decides the body outright."""
        req = response.request
        request: dict[str, Any] = {
            "method": req.method,
            "path": self.scrub(req.url.raw_path.decode()),
        }
        copied = {h: req.headers[h] for h in self.request_headers if h in req.headers}
        if request_headers or copied:
            request["headers"] = {
                k: self.scrub(v) for k, v in {**copied, **(request_headers or {})}.items()
            }
        if request_body is not None:
            request["body"] = json.loads(self.scrub(json.dumps(request_body)))
        headers = {
            k: self._set_cookie(response.headers[k])
            if k == "set-cookie"
            else self.scrub(response.headers[k])
            for k in self.keep_headers
            if k in response.headers
        }
        body: Any
        if body_of is not None:
            body = body_of(response)
        elif response.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(self.scrub(response.text))
            if isinstance(body, str):  # a string body in a fixture is served as the raw text
                body = self.scrub(response.text)
        else:
            body = self.scrub(html if html is not None else response.text)
            if (trim or self.trim) is not None:
                body = body[: trim or self.trim]
        doc = {
            "source": (source or self.source) + (f"; {note}" if note else ""),
            "request": request,
            "response": {"status": response.status_code, "headers": headers, "body": body},
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        for real in self.replacements:
            assert real not in text, f"{name}: a secret would be written"
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"{name}.json"
        path.write_text(text)
        self.written.append(path)
        print(f"recorded {name}: HTTP {response.status_code}")
        return response

    def report(self) -> None:
        for path in self.written:
            print(path.relative_to(ROOT))
