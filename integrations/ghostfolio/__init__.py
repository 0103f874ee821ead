"""Ghostfolio, through its API (an access token exchanged for a session token).

Built from Ghostfolio's API sources (apps/api auth.controller.ts, portfolio.controller.ts
performance v2; libs/common PortfolioPerformance), version 3.58.0.
"""

from integrations.ghostfolio.definition import Ghostfolio

integration = Ghostfolio()
