"""Live endpoint data and connection tests as GraphQL types."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from pydantic import BaseModel
from strawberry.scalars import JSON

from app.data import DataKey, TestOutcome
from integrations.errors import CertificateInfo, ErrorCode, IntegrationError
from integrations.types import IntegrationData, ServiceInfo
from schema.payloads import PAYLOAD_UNION

ErrorCodeEnum = strawberry.enum(ErrorCode, description="Why talking to a service failed.")


@strawberry.type
class Certificate:
    """The certificate a TLS peer presented: trust its CA, pin its fingerprint, or turn
    verification off."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    sha256: str = strawberry.field(description="Colon-separated hex, as pinnedSha256 accepts.")

    @classmethod
    def of(cls, info: CertificateInfo | None) -> Certificate | None:
        if info is None:
            return None
        return cls(
            subject=info.subject,
            issuer=info.issuer,
            not_before=info.not_before,
            not_after=info.not_after,
            sha256=info.sha256,
        )


@strawberry.type(name="IntegrationError")
class IntegrationErrorNode:
    code: ErrorCodeEnum  # type: ignore[valid-type]
    message: str
    status: int | None = strawberry.field(description="The HTTP status, if there was a response.")
    url: str | None = strawberry.field(description="Without credentials or query string.")
    certificate: Certificate | None

    @classmethod
    def of(cls, err: IntegrationError) -> IntegrationErrorNode:
        return cls(
            code=err.code,
            message=err.message,
            status=err.status,
            url=err.url,
            certificate=Certificate.of(err.certificate),
        )


@strawberry.type
class EndpointData:
    """One endpoint's data: the payload, its age, and the error of the latest fetch if any.

    With ``stale`` the payload is the last good one, served while the service fails."""

    app_id: strawberry.ID
    endpoint_id: strawberry.ID
    data: strawberry.Private[IntegrationData]

    @strawberry.field(
        description="appId:endpointId, unique among EndpointData: the key of normalised "
        "client caches (Apollo, urql), so that a refresh or a subscription updates every "
        "place the same endpoint shows."
    )
    def id(self) -> strawberry.ID:
        return strawberry.ID(f"{self.app_id}:{self.endpoint_id}")

    @strawberry.field
    def fetched_at(self) -> datetime | None:
        return self.data.fetched_at

    @strawberry.field
    def expires_at(self) -> datetime | None:
        return self.data.expires_at

    @strawberry.field
    def stale(self) -> bool:
        return self.data.stale

    @strawberry.field
    def error(self) -> IntegrationErrorNode | None:
        err = self.data.error
        return None if err is None else IntegrationErrorNode.of(err)

    @strawberry.field(metadata=PAYLOAD_UNION)
    def payload(self) -> BaseModel | None:
        return self.data.payload

    @strawberry.field(description="The payload as JSON, for generic renderers.")
    def json(self) -> JSON | None:
        payload = self.data.payload
        if payload is None:
            return None
        return cast(JSON, payload.model_dump(mode="json", by_alias=True))


def endpoint_data(key: DataKey, data: IntegrationData) -> EndpointData:
    return EndpointData(app_id=strawberry.ID(key[0]), endpoint_id=strawberry.ID(key[1]), data=data)


@strawberry.type
class Detail:
    name: str
    value: str


@strawberry.type
class TestConnectionSuccess:
    latency_ms: float
    version: str | None
    details: list[Detail]


@strawberry.type
class TestConnectionFailure:
    latency_ms: float
    error: IntegrationErrorNode
    retry_after_seconds: int | None = strawberry.field(
        default=None,
        description="When Tilewire's own rate limit refused the test (RATE_LIMITED): seconds "
        "until this caller may test again. Nothing was contacted.",
    )


def test_result(outcome: TestOutcome) -> TestConnectionSuccess | TestConnectionFailure:
    if outcome.error is not None:
        return TestConnectionFailure(
            latency_ms=round(outcome.latency_ms, 1),
            error=IntegrationErrorNode.of(outcome.error),
            retry_after_seconds=outcome.retry_after,
        )
    info = outcome.info or ServiceInfo()
    return TestConnectionSuccess(
        latency_ms=round(outcome.latency_ms, 1),
        version=info.version,
        details=[Detail(name=k, value=v) for k, v in sorted(info.details.items())],
    )
