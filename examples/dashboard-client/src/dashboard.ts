// The dashboard: its widgets, the data of each, and a tile per widget.

import {
  DashboardDocument,
  type DashboardWidgetFragment,
  type EndpointDataViewFragment,
  type WidgetType,
} from "./gql/graphql.js";
import { renderPayload, type Row } from "./payloads.js";
import { execute, type Connection } from "./transport.js";

/** A widget's typed config, as the dashboard document selects it. */
export type WidgetConfigView = DashboardWidgetFragment["config"];

/** What a widget of type INTEGRATION shows: one endpoint of one App. */
export interface IntegrationTarget {
  readonly appId: string;
  readonly endpointId: string;
  /** Seconds between refreshes the widget asks for; null for the endpoint's TTL. */
  readonly refreshInterval: number | null;
}

/** How current a tile is. */
export type TileState = "fresh" | "stale" | "error" | "pending" | "static";

/** One widget as the dashboard shows it. */
export interface Tile {
  readonly widgetId: string;
  readonly type: WidgetType;
  readonly title: string;
  readonly state: TileState;
  readonly headline: string;
  readonly rows: readonly Row[];
  /** `CODE: message` of the last failure, shown beside a stale value or instead of one. */
  readonly error: string | null;
  readonly link: string | null;
}

/** Every widget, each endpoint's value (by widget id), and the tiles made of them. */
export interface Dashboard {
  readonly widgets: readonly DashboardWidgetFragment[];
  readonly data: ReadonlyMap<string, EndpointDataViewFragment>;
  readonly tiles: readonly Tile[];
}

/** The dashboard as it is now, in one request: the widgets, every INTEGRATION widget's data
 * (Tilewire makes one upstream call per distinct App endpoint, however many widgets show it),
 * and a tile per widget. */
export async function loadDashboard(connection: Connection): Promise<Dashboard> {
  const { widgets } = await execute(connection, DashboardDocument);
  const data = new Map<string, EndpointDataViewFragment>();
  for (const widget of widgets) {
    if (widget.data) data.set(widget.id, widget.data);
  }
  return { widgets, data, tiles: widgets.map((w) => tileOf(w, data.get(w.id) ?? null)) };
}

/** The App and endpoint an INTEGRATION widget's config names; null for other configs. */
export function integrationTarget(config: WidgetConfigView): IntegrationTarget | null {
  if (config.__typename !== "IntegrationWidgetConfig") return null;
  const { appId, endpointId, refreshInterval } = config;
  return { appId, endpointId, refreshInterval: refreshInterval ?? null };
}

/** The tile of a widget, given its endpoint's data (null for none yet, or another type). */
export function tileOf(
  widget: DashboardWidgetFragment,
  data: EndpointDataViewFragment | null,
): Tile {
  const base = { widgetId: widget.id, type: widget.type, error: null, link: null };
  const config = widget.config;
  switch (widget.type) {
    case "INTEGRATION": {
      const title = widget.title ?? widget.app?.name ?? "Widget";
      if (data === null) return { ...base, title, state: "pending", headline: "…", rows: [] };
      return { ...base, title, ...dataTile(data), link: widget.app?.url ?? null };
    }
    case "LINK": {
      const url = config.__typename === "LinkWidgetConfig" ? config.url : null;
      const title = widget.title ?? url ?? "Link";
      return { ...base, title, state: "static", headline: url ?? "", rows: [], link: url };
    }
    case "NOTE": {
      const text = config.__typename === "NoteWidgetConfig" ? config.text : "";
      return { ...base, title: widget.title ?? "Note", state: "static", headline: text, rows: [] };
    }
    default:
      return unknownWidget(widget.type, base);
  }
}

function unknownWidget(type: never, base: Pick<Tile, "widgetId" | "error" | "link">): Tile {
  // A widget type added to the schema after this client was generated: shown, not rendered.
  return { ...base, type, title: String(type), state: "static", headline: "", rows: [] };
}

type DataPart = Pick<Tile, "state" | "headline" | "rows" | "error">;

function dataTile(data: EndpointDataViewFragment): DataPart {
  const error = data.error ? `${data.error.code}: ${data.error.message}` : null;
  if (data.payload === null) {
    const state = error ? "error" : "pending";
    return { state, headline: error ? "unavailable" : "…", rows: [], error };
  }
  const body = renderPayload(data.payload, data.json);
  return { state: data.stale || error ? "stale" : "fresh", ...body, error };
}

/** The tile once new data for its widget arrived (from a subscription, say). */
export function withData(
  dashboard: Dashboard,
  widgetId: string,
  data: EndpointDataViewFragment,
): Dashboard {
  const next = new Map(dashboard.data).set(widgetId, data);
  return {
    widgets: dashboard.widgets,
    data: next,
    tiles: dashboard.widgets.map((w) => tileOf(w, next.get(w.id) ?? null)),
  };
}

/** A tile as plain text: the title, the headline and the rows, one per line. */
export function tileText(tile: Tile): string {
  const lines = [`${tile.title} [${tile.state}]`, `  ${tile.headline}`];
  for (const [label, value] of tile.rows) lines.push(`  ${label}: ${value}`);
  if (tile.error !== null) lines.push(`  ! ${tile.error}`);
  return lines.join("\n");
}
