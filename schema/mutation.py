"""Root mutation: App and Widget CRUD. Expected failures are ``ValidationErrors`` results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import InvalidInput
from schema.context import Context
from schema.errors import ValidationErrors
from schema.inputs import (
    CreateAppInput,
    CreateWidgetInput,
    UpdateAppInput,
    UpdateWidgetInput,
    given,
)
from schema.types import AppNode, Deleted, WidgetNode

AppResult = Annotated[AppNode | ValidationErrors, strawberry.union("AppResult")]
WidgetResult = Annotated[WidgetNode | ValidationErrors, strawberry.union("WidgetResult")]
DeleteResult = Annotated[Deleted | ValidationErrors, strawberry.union("DeleteResult")]

Info = strawberry.Info[Context, None]


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_app(self, info: Info, input: CreateAppInput) -> AppResult:
        try:
            return AppNode.of(await info.context.services.apps.create(given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def update_app(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateAppInput,
    ) -> AppResult:
        try:
            return AppNode.of(await info.context.services.apps.update(str(id), given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation(description="Deletes the App and every widget showing it.")
    async def delete_app(self, info: Info, id: strawberry.ID) -> DeleteResult:
        try:
            return Deleted(id=strawberry.ID(await info.context.services.apps.delete(str(id))))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def create_widget(self, info: Info, input: CreateWidgetInput) -> WidgetResult:
        try:
            return WidgetNode.of(await info.context.services.widgets.create(given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def update_widget(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateWidgetInput,
    ) -> WidgetResult:
        try:
            return WidgetNode.of(await info.context.services.widgets.update(str(id), given(input)))
        except InvalidInput as err:
            return ValidationErrors.of(err)

    @strawberry.mutation
    async def delete_widget(self, info: Info, id: strawberry.ID) -> DeleteResult:
        try:
            return Deleted(id=strawberry.ID(await info.context.services.widgets.delete(str(id))))
        except InvalidInput as err:
            return ValidationErrors.of(err)
