"""The integration catalogue a form is built from, with nothing hard-coded in the client: the
credential sets as objects, each field's bounds, the credentials.type picker, payload types."""

from __future__ import annotations

from typing import Any

from integrations.registry import registry
from tests.support.api import Api

FIELD = """name kind group required default options minimum maximum exclusiveMinimum
  exclusiveMaximum step minLength maxLength pattern urlSchemes discriminator"""
CATALOGUE = f"""query($id: ID!) {{ integration(id: $id) {{
  credentialsDiscriminator
  credentialSets {{ type label description fields {{ {FIELD} }} }}
  configFields {{ {FIELD} }}
  configSchema
  endpoints {{ id payloadType }}
}} }}"""


async def catalogue(api: Api, integration_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api.query(CATALOGUE, {"id": integration_id}))["integration"]
    return found


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


async def test_credential_sets_are_objects_with_their_fields(api: Api) -> None:
    prometheus = await catalogue(api, "prometheus")
    sets = prometheus["credentialSets"]
    assert [(s["type"], s["label"]) for s in sets] == [
        ("none", "None"),
        ("usernamePassword", "Username and password"),
        ("token", "Access token"),
    ]
    assert sets[0]["fields"] == [] and sets[0]["description"]
    assert [f["name"] for f in sets[1]["fields"]] == [
        "credentials.username",
        "credentials.password",
    ]
    assert prometheus["credentialsDiscriminator"] == "credentials.type"
    picker = by_name(prometheus["configFields"])["credentials.type"]
    assert (picker["kind"], picker["group"], picker["discriminator"]) == (
        "SELECT",
        "credentials",
        True,
    )
    assert picker["options"] == ["none", "usernamePassword", "token"]
    assert picker["default"] == "none"
    assert [f["name"] for f in prometheus["configFields"] if f["discriminator"]] == [
        "credentials.type"
    ]


async def test_fields_carry_the_bounds_the_schema_states(api: Api) -> None:
    sonarr = await catalogue(api, "sonarr")
    fields = by_name(sonarr["configFields"])
    assert (fields["timeout"]["exclusiveMinimum"], fields["timeout"]["maximum"]) == (0, 300)
    assert fields["timeout"]["step"] is None and fields["timeout"]["minimum"] is None
    days = fields["extra.calendarDays"]
    assert (days["minimum"], days["maximum"], days["step"]) == (1, 60, 1)
    url = fields["url"]
    assert url["urlSchemes"] == ["http", "https"] and url["required"]
    assert url["pattern"] == sonarr["configSchema"]["properties"]["url"]["pattern"]
    assert fields["caBundle"]["maxLength"] == 65_536
    api_key = fields["credentials.apiKey"]
    assert (api_key["kind"], api_key["minLength"], api_key["pattern"]) == ("SECRET", 1, r"\S")
    assert fields["verifyTls"]["urlSchemes"] == []
    kuma = by_name((await catalogue(api, "uptimekuma"))["configFields"])
    assert kuma["extra.slug"]["pattern"] == "^[A-Za-z0-9_-]*$"
    assert kuma["extra.slug"]["maxLength"] == 200


async def test_a_socket_url_is_stated_where_it_is_taken(api: Api) -> None:
    docker = await catalogue(api, "docker")
    url = by_name(docker["configFields"])["url"]
    assert url["urlSchemes"] == ["http", "https", "unix"]
    assert url["pattern"] == docker["configSchema"]["properties"]["url"]["pattern"]
    assert "[Uu][Nn][Ii][Xx]:///" in url["pattern"]
    sets = {s["type"]: s for s in docker["credentialSets"]}
    assert list(sets) == ["none", "clientCertificate"]
    assert [(f["name"], f["kind"]) for f in sets["clientCertificate"]["fields"]] == [
        ("credentials.certificate", "STRING"),
        ("credentials.privateKey", "SECRET"),
    ]
    sonarr = by_name((await catalogue(api, "sonarr"))["configFields"])
    assert sonarr["url"]["urlSchemes"] == ["http", "https"]


async def test_payload_types_are_an_enum_of_the_payload_union(api: Api) -> None:
    prometheus = await catalogue(api, "prometheus")
    assert {e["id"]: e["payloadType"] for e in prometheus["endpoints"]} == {
        "query": "MetricQueryResult",
        "targets": "ScrapeTargets",
    }
    types = await api.query(
        '{ payload: __type(name: "Payload") { possibleTypes { name } } '
        'names: __type(name: "PayloadType") { enumValues { name } } }'
    )
    members = {t["name"] for t in types["payload"]["possibleTypes"]}
    assert {v["name"] for v in types["names"]["enumValues"]} == members
    every = {e.payload.__name__ for i in registry.all() for e in i.endpoints.values()}
    assert every == members
