"""Every action's input schema, as a browser form uses it: it compiles under ajv's strict JSON
Schema 2020-12 mode (real ajv, in Node) and agrees with the server's validation of the input."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from integrations.actions import Action
from integrations.registry import registry
from tests.integrations.test_config_schema_ajv import ajv

ACTIONS = {
    f"{integration.id}.{spec.id}": spec
    for integration in sorted(registry.all(), key=lambda i: i.id)
    for spec in integration.actions.values()
}


def server_accepts(spec: Action, data: Any) -> bool:
    try:
        spec.input.model_validate(data)
    except ValidationError:
        return False
    return True


def cases(spec: Action) -> list[Any]:
    """Inputs a form may send: none, an unknown field, each field of the wrong JSON type."""
    fields = spec.json_schema().get("properties", {})
    found: list[Any] = [{}, {"noSuchField": 1}, []]
    for name, prop in fields.items():
        wrong: Any = "text" if prop.get("type") in ("integer", "number", "boolean") else 12
        found.append({name: wrong})
        found.append({name: None} if name in spec.json_schema().get("required", []) else {})
    return found


def test_there_are_actions_to_check() -> None:
    assert len(ACTIONS) >= 10


def test_every_action_input_schema_compiles_and_agrees_with_the_server() -> None:
    schemas = {key: spec.json_schema() for key, spec in ACTIONS.items()}
    inputs = [(key, data) for key, spec in ACTIONS.items() for data in cases(spec)]
    result = ajv(schemas, inputs)
    assert result.compile_errors == {}
    disagreements = [
        f"{key} {data!r}: ajv {verdict.valid} {verdict.errors[:2]}, server {server}"
        for (key, data), verdict in zip(inputs, result.verdicts, strict=True)
        if verdict.valid != (server := server_accepts(ACTIONS[key], data))
    ]
    assert not disagreements, "\n".join(disagreements)
