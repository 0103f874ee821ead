"""Signing in on the GraphiQL page, in headless Chromium against a real ``tilewire serve``: with
authentication on, the page asks for an API key, checks it with ``me``, keeps it in
sessionStorage for the browser session (never in localStorage, a cookie, the URL or the page)
and signs out; a wrong or revoked key is refused with the server's message and nothing kept.
With authentication off there is nothing to sign in to."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path

import httpx

from app.api_keys import INVALID, REVOKED
from app.auth import Role, mint_token
from app.crypto import generate_key
from tests.app.test_api_keys import leaks
from tests.app.test_cluster import create_demo
from tests.app.test_graphiql_browser import (
    QUERY_EDITOR,
    SECRET,
    installed_graphiql,
    response_with,
    run,
    set_editor,
    stop,
)
from tests.support.browser import Page, chromium, chromium_path
from tests.support.fake_service import running_fake_service
from tests.support.server import Server, serve
from tests.support.signin import create_key, revoke_key

BAR = "document.getElementById('tilewire-signin')"
KEY_FIELD = "document.getElementById('tilewire-key')"
NOTE = f"{BAR}.querySelector('.tilewire-note')"
STORED = "sessionStorage.getItem('tilewire.headers')"
WHO = "query Who { me { name role via } apps { id } }"
LIVE = 'subscription Live {{ integrationData(appId: "{}", endpointId: "fast") {{ json }} }}'


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    data_dir = tmp_path / "data"
    shutil.copytree(installed_graphiql(), data_dir / "graphiql")
    return {
        "TILEWIRE_DATA_DIR": str(data_dir),
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_LOG_LEVEL": "DEBUG",  # the most the server ever logs
        **extra,
    }


async def open_page(page: Page, server: Server) -> None:
    """The page, once it knows who it is (GraphiQL is mounted after the check)."""
    await page.goto(f"{server.url}/graphql")
    await page.wait_for(f"!!document.querySelector('{QUERY_EDITOR} .CodeMirror')")


async def sign_in_with(page: Page, key: str) -> None:
    """Type ``key`` into the field, as a person would, and press the button."""
    await page.evaluate(f"{KEY_FIELD}.focus()")
    await page.send("Input.insertText", text=key)
    await page.evaluate(f"{BAR}.querySelector('button[type=submit]').click()")


async def note_once(page: Page, text: str) -> str:
    """The form's message, once it says ``text``."""
    found: str = await page.wait_for(
        f"(t => t.includes({json.dumps(text)}) && t)({NOTE}?.textContent || '')"
    )
    return found


async def sockets_open(page: Page, count: int, timeout: float = 30) -> None:
    """Wait until the page has ``count`` WebSockets open."""
    deadline = time.monotonic() + timeout
    while len(page.sockets) != count:
        assert time.monotonic() < deadline, f"{len(page.sockets)} WebSockets open, not {count}"
        await asyncio.sleep(0.05)


async def traces(page: Page) -> str:
    """Everything the page keeps outside sessionStorage that a key could hide in: localStorage
    (every key and value), cookies, the document and every field's value."""
    found: str = await page.evaluate(
        "JSON.stringify([Object.entries(localStorage), document.cookie,"
        " document.documentElement.outerHTML,"
        " [...document.querySelectorAll('input, textarea')].map(e => e.value)])"
    )
    return found


async def test_the_page_signs_in_with_an_api_key_for_the_browser_session_only(
    tmp_path: Path,
) -> None:
    chromium_path()
    admin = mint_token(SECRET, Role.ADMIN)
    env = environment(tmp_path, JWT_SECRET=SECRET, TILEWIRE_PLUGINS="tests.support.demo")
    async with running_fake_service() as fake:
        with serve(env, tmp_path / "server.log") as server:
            as_admin = {"Authorization": f"Bearer {admin}"}
            async with httpx.AsyncClient(timeout=30, headers=as_admin) as http:
                app_id = await create_demo(http, server.url, fake, "browser")
                key, _ = await create_key(http, server.url, admin, "laptop")
                revoked, revoked_row = await create_key(http, server.url, admin, "old laptop")
                await revoke_key(http, server.url, admin, revoked_row["id"])
                later, later_row = await create_key(http, server.url, admin, "tablet", "ADMIN")
                async with chromium(tmp_path / "profile") as browser:
                    page = await browser.new_page()
                    await open_page(page, server)
                    # Authentication is on and the page holds no key: it asks for one.
                    field = await page.evaluate(
                        f"(k => [k.type, k.getAttribute('autocomplete'), k.name])({KEY_FIELD})"
                    )
                    assert field == ["password", "off", ""]
                    await page.screenshot(tmp_path / "signin-form.png")

                    for wrong, message in (
                        ("tw_0123456789ab_not-a-key", INVALID),
                        (revoked, INVALID),
                    ):
                        await sign_in_with(page, wrong)
                        assert await note_once(page, message) == message  # the server's own words
                        assert await page.evaluate(STORED) is None
                        assert await page.evaluate(f"{KEY_FIELD}.value") == ""
                    await sign_in_with(page, "a key with spaces")
                    await note_once(page, "That is not an API key")
                    await page.screenshot(tmp_path / "signin-error.png")

                    await sign_in_with(page, key)
                    await page.wait_for(
                        f"{BAR}.textContent.includes('Signed in as laptop (viewer)')"
                    )
                    assert await page.evaluate(f"!{KEY_FIELD}")  # the form is gone
                    assert json.loads(await page.evaluate(STORED)) == {
                        "Authorization": f"Bearer {key}"
                    }
                    await page.screenshot(tmp_path / "signed-in.png")

                    # GraphiQL, remounted for the session, asks with the key.
                    await set_editor(page, QUERY_EDITOR, WHO)
                    await run(page, "Who")
                    answer = json.loads(await response_with(page, '"API_KEY"'))
                    assert answer["data"] == {
                        "me": {"name": "laptop", "role": "VIEWER", "via": "API_KEY"},
                        "apps": [{"id": app_id}],
                    }
                    # A reload keeps the session; it is still the key's.
                    await open_page(page, server)
                    await page.wait_for(
                        f"{BAR}.textContent.includes('Signed in as laptop (viewer)')"
                    )
                    assert not leaks(key.split("_", 2)[2], await traces(page))

                    # Another tab is another session: it has to sign in.
                    other = await browser.new_page()
                    await open_page(other, server)
                    assert await other.evaluate(STORED) is None
                    assert await other.evaluate(f"!!{KEY_FIELD}")

                    # A subscription runs with the key, stops with the stop button...
                    await set_editor(page, QUERY_EDITOR, LIVE.format(app_id))
                    await run(page, "Live")
                    await response_with(page, '"value": 42')
                    await sockets_open(page, 1)
                    await stop(page)
                    await sockets_open(page, 0)
                    # ...and when its session signs out.
                    await run(page, "Live")
                    await sockets_open(page, 1)

                    # Signing out forgets the key, and GraphiQL asks without it.
                    await page.evaluate(f"{BAR}.querySelector('button').click()")
                    await note_once(page, "Signed out.")
                    await sockets_open(page, 0)
                    assert await page.evaluate(STORED) is None
                    await page.wait_for(f"!!document.querySelector('{QUERY_EDITOR} .CodeMirror')")
                    await set_editor(page, QUERY_EDITOR, WHO)
                    await run(page, "Who")
                    await response_with(page, "UNAUTHENTICATED")

                    # A key revoked while the session holds it is forgotten at the next load.
                    await sign_in_with(page, later)
                    await page.wait_for(
                        f"{BAR}.textContent.includes('Signed in as tablet (admin)')"
                    )
                    await revoke_key(http, server.url, admin, later_row["id"])
                    await open_page(page, server)
                    assert await note_once(page, "Signed out: ") in (
                        f"Signed out: {INVALID}",
                        f"Signed out: {REVOKED}",
                    )
                    assert await page.evaluate(STORED) is None

                    for secret in (key, revoked, later):
                        assert not leaks(secret.split("_", 2)[2], await traces(page))
                        assert not any(leaks(secret.split("_", 2)[2], url) for url in page.requests)
                    problems = [
                        line
                        for line in page.console + other.console
                        if line.startswith(("error", "exception"))
                    ]
                    assert problems == [], problems
    log = server.log()
    assert "Traceback" not in log
    for secret in (key, revoked, later):
        assert not leaks(secret.split("_", 2)[2], log)


async def test_with_authentication_off_the_page_asks_for_no_key(tmp_path: Path) -> None:
    chromium_path()
    with serve(environment(tmp_path), tmp_path / "server.log") as server:
        async with chromium(tmp_path / "profile") as browser:
            page = await browser.new_page()
            await open_page(page, server)
            assert await page.evaluate(f"{BAR}.hidden && {BAR}.offsetHeight === 0")
            assert await page.evaluate(f"!{KEY_FIELD}")
            await set_editor(page, QUERY_EDITOR, WHO)
            await run(page, "Who")
            answer = json.loads(await response_with(page, '"NONE"'))
            assert answer["data"]["me"] == {"name": None, "role": "ADMIN", "via": "NONE"}
            assert await page.evaluate(STORED) is None
