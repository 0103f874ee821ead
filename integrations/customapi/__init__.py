"""Custom JSON API: any HTTP API answering JSON (RFC 8259), read with dot paths and JSONPath
(RFC 9535 syntax, evaluated by jsonpath-ng)."""

from integrations.customapi.definition import CustomApi

integration = CustomApi()
