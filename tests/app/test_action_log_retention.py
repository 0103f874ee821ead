"""The action log keeps runs for the retention the settings say, and pruning is infrequent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.actions import ActionService
from app.models import ActionRun, RunOutcome
from tests.support.api import api_for


async def test_runs_older_than_the_retention_are_deleted_at_most_once_an_hour(
    database_url: str, tmp_path: Path
) -> None:
    async with api_for(database_url, tmp_path) as api:
        live = api.app.state.services.live
        now = [1_000_000_000.0]
        service = ActionService(live, retention_days=7, clock=lambda: now[0])
        today = datetime.fromtimestamp(now[0], UTC)
        for age_days in (0, 6, 8, 30):
            run = await ActionRun.create(
                app_id="a",
                app_name="A",
                integration_type="demo",
                action_id="setValue",
                actor_via="none",
                outcome=RunOutcome.SUCCEEDED,
            )
            await ActionRun.filter(id=run.id).update(created_at=today - timedelta(days=age_days))
        await service.prune()
        assert await ActionRun.all().count() == 2  # 0 and 6 days old
        old = await ActionRun.create(
            app_id="a",
            app_name="A",
            integration_type="demo",
            action_id="setValue",
            actor_via="none",
            outcome=RunOutcome.SUCCEEDED,
        )
        await ActionRun.filter(id=old.id).update(created_at=today - timedelta(days=10))
        now[0] += 60
        await service.prune()  # a minute later: not again yet
        assert await ActionRun.all().count() == 3
        now[0] += 3600
        await service.prune()
        assert await ActionRun.all().count() == 2
