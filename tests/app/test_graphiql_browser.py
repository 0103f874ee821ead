"""GraphiQL in a real browser: headless Chromium, with every host but loopback unresolvable, on
a real Tilewire process serving its own GraphiQL files. The page renders, opens on Tilewire's
example, runs a query and a subscription, and leaves no header in localStorage.

The files come from ``tilewire install-graphiql`` run beforehand (CI does) into
``$SVC_ROOT/data`` (the live services' state directory, ``/tmp/tilewire-svc`` by default):
tests do not reach the package registry themselves."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx

from app.auth import Role, mint_token
from app.crypto import generate_key
from app.graphiql import EXAMPLE, INSTALLED_ASSETS, check_file
from tests.app.test_cluster import create_demo
from tests.support.availability import unavailable
from tests.support.browser import Page, chromium, chromium_path
from tests.support.fake_service import running_fake_service
from tests.support.server import serve

GRAPHIQL_DATA_DIR = Path(os.environ.get("SVC_ROOT", "/tmp/tilewire-svc")) / "data"
SECRET = "browser-test-jwt-secret-0123456789abcdef"
HEADER_CANARY = "canary-header-Hq3v81"

QUERY_EDITOR = ".graphiql-query-editor"
HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:nth-child(2)"
RESPONSE = ".graphiql-response"


def installed_graphiql() -> Path:
    """The files ``tilewire install-graphiql`` installed for the tests (skip, or fail when
    services are required, without them)."""
    directory = GRAPHIQL_DATA_DIR / "graphiql"
    problems = [p for a in INSTALLED_ASSETS if (p := check_file(directory / a.name, a))]
    if problems:
        unavailable(
            f"GraphiQL's files are not installed in {directory} ({problems[0]}): run "
            f"TILEWIRE_DATA_DIR={GRAPHIQL_DATA_DIR} tilewire install-graphiql"
        )
    return directory


def editor(selector: str) -> str:
    return f"document.querySelector({json.dumps(selector + ' .CodeMirror')}).CodeMirror"


async def set_editor(page: Page, selector: str, text: str) -> None:
    await page.evaluate(f"{editor(selector)}.setValue({json.dumps(text)})")


async def response_with(page: Page, text: str) -> str:
    """The response pane once it shows ``text``."""
    value: str = await page.wait_for(
        f"(v => v.includes({json.dumps(text)}) && v)({editor(RESPONSE)}.getValue())"
    )
    return value


async def run(page: Page, operation: str) -> None:
    """Run the named operation, once GraphiQL has seen it (the tab takes its name)."""
    await page.wait_for(
        "document.querySelector('.graphiql-tab-active .graphiql-tab-button').textContent"
        f" === {json.dumps(operation)}"
    )
    await page.evaluate("document.querySelector('.graphiql-execute-button').click()")


async def stop(page: Page) -> None:
    await page.evaluate("document.querySelector('.graphiql-execute-button').click()")


async def test_graphiql_runs_queries_and_subscriptions_offline_on_tilewires_own_files(
    tmp_path: Path,
) -> None:
    chromium_path()
    data_dir = tmp_path / "data"
    shutil.copytree(installed_graphiql(), data_dir / "graphiql")
    admin = mint_token(SECRET, Role.ADMIN)
    viewer = mint_token(SECRET, Role.VIEWER)
    env = {
        "TILEWIRE_DATA_DIR": str(data_dir),
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "JWT_SECRET": SECRET,
        "TILEWIRE_PLUGINS": "tests.support.demo",
        # GraphiQL's documentation explorer introspects: viewers may only when this is on
        "TILEWIRE_VIEWER_INTROSPECTION": "true",
    }
    async with running_fake_service() as fake:
        with serve(env, tmp_path / "server.log") as server:
            async with httpx.AsyncClient(
                timeout=30, headers={"Authorization": f"Bearer {admin}"}
            ) as http:
                app_id = await create_demo(http, server.url, fake, "browser")
            async with chromium(tmp_path / "profile") as browser:
                page = await browser.new_page()
                await page.goto(f"{server.url}/graphql")
                # The sign-in hook: a token kept for the browser session only.
                await page.evaluate(
                    "sessionStorage.setItem('tilewire.headers', "
                    f"JSON.stringify({{Authorization: 'Bearer {viewer}'}}))"
                )
                await page.goto(f"{server.url}/graphql")
                await page.wait_for(f"!!document.querySelector('{QUERY_EDITOR} .CodeMirror')")
                assert await page.evaluate(f"{editor(QUERY_EDITOR)}.getValue()") == EXAMPLE
                # The schema arrived (introspection, authorized by the session's token).
                await page.evaluate(
                    "document.querySelector('[aria-label=\"Show Documentation Explorer\"]').click()"
                )
                await page.wait_for("document.body.innerText.includes('Subscription')")
                await page.screenshot(tmp_path / "graphiql.png")

                await set_editor(page, HEADERS_EDITOR, json.dumps({"X-Canary": HEADER_CANARY}))
                await set_editor(
                    page,
                    QUERY_EDITOR,
                    f'query Tile {{ apps {{ id name }} tile: integrationData(appId: "{app_id}", '
                    'endpointId: "reading") { json error { code } } }',
                )
                await run(page, "Tile")
                answer = json.loads(await response_with(page, '"value": 42'))
                assert answer["data"]["apps"] == [{"id": app_id, "name": "browser"}]
                assert answer["data"]["tile"] == {"json": {"value": 42}, "error": None}

                await set_editor(
                    page,
                    QUERY_EDITOR,
                    f'subscription Live {{ integrationData(appId: "{app_id}", endpointId: "fast") '
                    "{ json } }",
                )
                await run(page, "Live")
                await response_with(page, '"value": 42')
                fake.values["browser"] = 43  # the next refresh is pushed to the page
                await response_with(page, '"value": 43')
                await stop(page)
                await page.screenshot(tmp_path / "graphiql-subscription.png")

                stored = await page.evaluate("JSON.stringify(localStorage)")
                assert app_id in stored  # GraphiQL does store tabs and history there...
                assert HEADER_CANARY not in stored  # ...but never their headers
                assert viewer not in stored
                elsewhere = [
                    url
                    for url in page.requests
                    if not url.startswith(
                        (server.url, server.url.replace("http", "ws", 1), "data:")
                    )
                ]
                assert elsewhere == [], elsewhere
                assert page.failed == [], page.failed
                problems = [
                    line for line in page.console if line.startswith(("error", "exception"))
                ]
                assert problems == [], problems
    assert "Traceback" not in server.log()
