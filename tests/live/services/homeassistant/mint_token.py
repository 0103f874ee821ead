"""Mint a Home Assistant long-lived access token from a username and password; prints it.

The login flow (``/auth/login_flow``) gives an authorization code, ``/auth/token`` turns it into
a 30-minute access token, and the websocket command ``auth/long_lived_access_token`` turns that
into a token valid for ten years. Run it with Home Assistant's own Python (it needs aiohttp):

    $SVC_ROOT/venvs/homeassistant/bin/python mint_token.py BASE_URL USER PASSWORD [CLIENT_NAME]
"""

from __future__ import annotations

import asyncio
import sys

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=30)
LIFESPAN_DAYS = 3650


async def mint(base: str, user: str, password: str, name: str) -> str:
    client_id = base.rstrip("/") + "/"
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        start = {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id,
        }
        async with session.post(f"{base}/auth/login_flow", json=start) as r:
            r.raise_for_status()
            flow = await r.json()
        login = {"client_id": client_id, "username": user, "password": password}
        async with session.post(f"{base}/auth/login_flow/{flow['flow_id']}", json=login) as r:
            r.raise_for_status()
            answer = await r.json()
        if answer.get("type") != "create_entry":
            raise SystemExit(f"login rejected: {answer.get('errors') or answer.get('type')}")
        grant = {
            "grant_type": "authorization_code",
            "code": answer["result"],
            "client_id": client_id,
        }
        async with session.post(f"{base}/auth/token", data=grant) as r:
            r.raise_for_status()
            access = (await r.json())["access_token"]
        async with session.ws_connect(base.replace("http", "ws", 1) + "/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": access})
            if (await ws.receive_json())["type"] != "auth_ok":
                raise SystemExit("websocket authentication failed")
            request = {
                "id": 1,
                "type": "auth/long_lived_access_token",
                "client_name": name,
                "lifespan": LIFESPAN_DAYS,
            }
            await ws.send_json(request)
            result = await ws.receive_json()
            if not result.get("success"):
                raise SystemExit(f"no token: {result.get('error')}")
            return str(result["result"])


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    client_name = sys.argv[4] if len(sys.argv) > 4 else "tilewire-tests"
    print(asyncio.run(mint(sys.argv[1], sys.argv[2], sys.argv[3], client_name)))
