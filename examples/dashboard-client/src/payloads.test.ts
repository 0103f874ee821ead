// node --test build/: tiles from payloads and from widgets, without a server.

import assert from "node:assert/strict";
import { test } from "node:test";
import { integrationTarget, tileOf } from "./dashboard.js";
import type { DashboardWidgetFragment, EndpointDataViewFragment } from "./gql/graphql.js";
import { MAX_ROWS, renderPayload } from "./payloads.js";

const widget: DashboardWidgetFragment = {
  id: "w1",
  type: "INTEGRATION",
  title: null,
  position: 0,
  config: {
    __typename: "IntegrationWidgetConfig",
    appId: "a1",
    endpointId: "status",
    refreshInterval: 30,
  },
  app: { id: "a1", name: "qBittorrent", icon: null, url: "http://127.0.0.1:8080" },
};

const status: EndpointDataViewFragment = {
  appId: "a1",
  endpointId: "status",
  fetchedAt: "2026-01-01T00:00:00Z",
  expiresAt: "2026-01-01T00:00:10Z",
  stale: false,
  error: null,
  json: null,
  payload: {
    __typename: "DownloadClientStatus",
    downloadSpeed: 3 * 1024 * 1024,
    uploadSpeed: 512,
    downloading: 2,
    seeding: 5,
    paused: 0,
    errored: 1,
    total: 8,
    freeSpace: 1.5 * 1024 ** 4,
  },
};

test("a typed payload is rendered by its own renderer", () => {
  const tile = tileOf(widget, status);
  assert.equal(tile.title, "qBittorrent");
  assert.equal(tile.state, "fresh");
  assert.equal(tile.headline, "↓ 3.0 MiB/s  ↑ 512 B/s");
  assert.deepEqual(tile.rows, [
    ["downloading", "2"],
    ["seeding", "5"],
    ["paused", "0"],
    ["errored", "1"],
    ["free space", "1.5 TiB"],
  ]);
});

test("a stale value keeps its rows and shows the error beside them", () => {
  const tile = tileOf(widget, {
    ...status,
    stale: true,
    error: { code: "TIMEOUT", message: "no answer in 10 s", status: null },
  });
  assert.equal(tile.state, "stale");
  assert.equal(tile.error, "TIMEOUT: no answer in 10 s");
  assert.equal(tile.rows.length, 5);
});

test("no value and an error: the tile says so", () => {
  const error = { code: "UNAUTHORIZED" as const, message: "the API key was refused", status: 401 };
  const tile = tileOf(widget, { ...status, payload: null, error });
  assert.equal(tile.state, "error");
  assert.equal(tile.error, "UNAUTHORIZED: the API key was refused");
});

test("payloads without a fragment are rendered from their JSON, bounded", () => {
  const json = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, i * 1000]));
  const body = renderPayload({ __typename: "ImmichStats" }, { ...json, nested: { no: 1 } });
  assert.equal(body.headline, "ImmichStats");
  assert.equal(body.rows.length, MAX_ROWS);
  assert.deepEqual(body.rows[1], ["field1", "1,000"]);
});

test("a payload type this client was not generated for is shown, not thrown", () => {
  const unknown = { __typename: "SolarInverter" } as unknown as Parameters<typeof renderPayload>[0];
  const body = renderPayload(unknown, { watts: 1200, online: true, name: "roof" });
  assert.deepEqual(body, {
    headline: "SolarInverter",
    rows: [
      ["watts", "1,200"],
      ["online", "yes"],
      ["name", "roof"],
    ],
  });
});

test("an INTEGRATION widget's config names its App and endpoint, or nothing", () => {
  assert.deepEqual(integrationTarget(widget.config), {
    appId: "a1",
    endpointId: "status",
    refreshInterval: 30,
  });
  assert.equal(integrationTarget({ __typename: "NoteWidgetConfig", text: "hello" }), null);
  assert.equal(tileOf(widget, null).state, "pending");
  const note = { ...widget, type: "NOTE" as const, config: { __typename: "NoteWidgetConfig" as const, text: "hello" } };
  assert.equal(tileOf(note, null).headline, "hello");
});
