// What a tile shows of an endpoint's payload, by its __typename.
//
// The switch in renderPayload names every member of the Payload union. A member the schema
// adds reaches the `default` branch with a type other than `never`, and `tsc` fails there until
// the member gets a case: a typed renderer (a fragment in src/documents/payloads.graphql and a
// function below) or the generic one.

import type {
  CustomApiRowsViewFragment,
  CustomApiValuesViewFragment,
  DnsBlockerSummaryViewFragment,
  DownloadClientStatusViewFragment,
  DownloadQueueViewFragment,
  MediaLibraryCountsViewFragment,
  MediaQueueViewFragment,
  MediaServerActivityViewFragment,
  MetricQueryResultViewFragment,
  PayloadViewFragment,
  ScrapeTargetsViewFragment,
  SystemResourcesViewFragment,
} from "./gql/graphql.js";
import { bytes, count, duration, fraction, percent, rate, words } from "./format.js";
import { isRecord } from "./transport.js";

/** One line of a tile: a label and its value. */
export type Row = readonly [label: string, value: string];

/** The body of a tile: one headline, then a few rows. */
export interface TileBody {
  readonly headline: string;
  readonly rows: readonly Row[];
}

/** Rows a tile shows at most, from lists and from generic payloads alike. */
export const MAX_ROWS = 8;

/** The tile body of a payload; `json` (EndpointData.json) serves the payloads rendered
 * generically and those this client does not know. */
export function renderPayload(payload: PayloadViewFragment, json: unknown): TileBody {
  switch (payload.__typename) {
    case "DownloadClientStatus":
      return downloadClient(payload);
    case "DownloadQueue":
      return downloadQueue(payload);
    case "DnsBlockerSummary":
      return dnsBlocker(payload);
    case "MediaServerActivity":
      return mediaActivity(payload);
    case "MediaLibraryCounts":
      return mediaLibrary(payload);
    case "MediaQueue":
      return mediaQueue(payload);
    case "SystemResources":
      return systemResources(payload);
    case "MetricQueryResult":
      return metricQuery(payload);
    case "ScrapeTargets":
      return scrapeTargets(payload);
    case "CustomApiValues":
      return customApiValues(payload);
    case "CustomApiRows":
      return customApiRows(payload);
    // Rendered from EndpointData.json until they get a fragment of their own.
    case "AlertmanagerAlerts":
    case "AuthentikStatus":
    case "AlertmanagerSilences":
    case "AutobrrIrcNetworks":
    case "AutobrrStats":
    case "BazarrWanted":
    case "BeszelSystems":
    case "CaddyUpstreams":
    case "ChangeDetectionSystem":
    case "ChangeDetectionWatches":
    case "ContainerEngine":
    case "ContainerList":
    case "EvccStatus":
    case "FrigateEvents":
    case "FrigateStats":
    case "FileBrowserUsage":
    case "FreshRSSUnread":
    case "FritzboxStatus":
    case "GatusStatus":
    case "GhostfolioPerformance":
    case "GiteaNotifications":
    case "GitlabActivity":
    case "GiteaRepositories":
    case "GluetunStatus":
    case "GotifyMessages":
    case "GrafanaAlerts":
    case "GrafanaStats":
    case "HdhomerunStatus":
    case "HeadscaleNodes":
    case "HealthchecksChecks":
    case "HomeAssistantEntities":
    case "HomeAssistantStatus":
    case "HomeAssistantTemplate":
    case "HomebridgeStatus":
    case "ImmichStats":
    case "JackettIndexers":
    case "KarakeepStats":
    case "KavitaStats":
    case "KomgaLibraries":
    case "LinkwardenStats":
    case "MastodonInstanceStats":
    case "MediaCalendar":
    case "MediaRequests":
    case "MediaWanted":
    case "MinecraftStatus":
    case "MinifluxUnread":
    case "MySpeedResult":
    case "NetdataAlarms":
    case "NextcloudStats":
    case "NginxProxyManagerHosts":
    case "NodeRedDiagnostics":
    case "NodeRedFlows":
    case "NtfyMessages":
    case "NtfyStats":
    case "NutUps":
    case "OPNsenseSystem":
    case "OpenMediaVaultStatus":
    case "OctoPrintJob":
    case "OctoPrintStatus":
    case "OmadaOverview":
    case "OmadaSites":
    case "OverseerrIssues":
    case "PaperlessStatistics":
    case "PfSenseStatus":
    case "PhotoPrismLibrary":
    case "PiholeTopDomains":
    case "PortainerContainers":
    case "ProwlarrIndexers":
    case "ProwlarrStats":
    case "ProxmoxBackupDatastores":
    case "ProxmoxBackupTasks":
    case "ProxmoxResources":
    case "RommStats":
    case "ScrutinyDrives":
    case "SiteMonitorStatus":
    case "SpeedtestResult":
    case "StashStats":
    case "SyncthingStatus":
    case "SynologyStatus":
    case "SynologyStorage":
    case "TailscaleDevices":
    case "TdarrSummary":
    case "TdarrWorkers":
    case "TraefikOverview":
    case "TraefikServices":
    case "TrueNASAlerts":
    case "TrueNASPools":
    case "TrueNASSystem":
    case "TubeArchivistStats":
    case "UnifiSummary":
    case "UnraidArray":
    case "UnraidDocker":
    case "UnraidSystem":
    case "UnraidVms":
    case "UptimeKumaMonitors":
    case "UrBackupClients":
    case "UrBackupStatus":
    case "WgEasyClients":
    case "ZabbixProblems":
    case "WhatsUpDockerContainers":
      return generic(payload.__typename, json);
    default:
      return unhandled(payload, json);
  }
}

/** Compile time: `payload` is `never` here when every union member has a case above.
 * Run time: a server newer than this client (or one running a plugin) sent a type the client
 * was not generated for; it is shown generically rather than breaking the dashboard. */
function unhandled(payload: never, json: unknown): TileBody {
  const typename: unknown = (payload as { __typename?: unknown }).__typename;
  return generic(typeof typename === "string" ? typename : "Payload", json);
}

/** The payload's scalar fields as rows, in the order the server sent them. */
export function generic(typename: string, json: unknown): TileBody {
  const rows: Row[] = [];
  if (isRecord(json)) {
    for (const [name, value] of Object.entries(json)) {
      if (rows.length >= MAX_ROWS) break;
      if (typeof value === "number") rows.push([words(name), count(value)]);
      else if (typeof value === "string") rows.push([words(name), value]);
      else if (typeof value === "boolean") rows.push([words(name), value ? "yes" : "no"]);
      else if (Array.isArray(value)) rows.push([words(name), `${count(value.length)} items`]);
    }
  }
  return { headline: typename, rows };
}

function downloadClient(p: DownloadClientStatusViewFragment): TileBody {
  const rows: Row[] = [
    ["downloading", count(p.downloading)],
    ["seeding", count(p.seeding)],
    ["paused", count(p.paused)],
  ];
  if (p.errored > 0) rows.push(["errored", count(p.errored)]);
  if (p.freeSpace !== null) rows.push(["free space", bytes(p.freeSpace)]);
  return { headline: `↓ ${rate(p.downloadSpeed)}  ↑ ${rate(p.uploadSpeed)}`, rows };
}

function downloadQueue(p: DownloadQueueViewFragment): TileBody {
  return {
    headline: `${count(p.total)} in the queue`,
    rows: p.items
      .slice(0, MAX_ROWS)
      .map((item): Row => [item.name, `${item.state.toLowerCase()} ${fraction(item.progress)}`]),
  };
}

function dnsBlocker(p: DnsBlockerSummaryViewFragment): TileBody {
  return {
    headline: `${percent(p.percentBlocked)} blocked`,
    rows: [
      ["queries", count(p.queries)],
      ["blocked", count(p.blocked)],
      ["blocking", p.blockingEnabled ? "on" : "off"],
    ],
  };
}

function mediaActivity(p: MediaServerActivityViewFragment): TileBody {
  return {
    headline: `${count(p.playing)} playing, ${count(p.transcoding)} transcoding`,
    rows: p.sessions.slice(0, MAX_ROWS).map((s): Row => {
      const what = s.subtitle ? `${s.title}: ${s.subtitle}` : s.title;
      const progress = s.progress === null ? "" : ` ${fraction(s.progress)}`;
      return [s.user ?? "someone", `${what} (${s.state.toLowerCase()}${progress})`];
    }),
  };
}

function mediaLibrary(p: MediaLibraryCountsViewFragment): TileBody {
  const counts: Array<[string, number | null]> = [
    ["movies", p.movies],
    ["series", p.series],
    ["episodes", p.episodes],
    ["artists", p.artists],
    ["albums", p.albums],
    ["tracks", p.tracks],
    ["books", p.books],
    ["podcasts", p.podcasts],
  ];
  const rows = counts.flatMap(([label, n]): Row[] => (n === null ? [] : [[label, count(n)]]));
  return { headline: "Library", rows };
}

function mediaQueue(p: MediaQueueViewFragment): TileBody {
  return {
    headline: `${count(p.total)} in the queue`,
    rows: p.items.slice(0, MAX_ROWS).map((item): Row => {
      const eta = item.etaSeconds === null ? "" : `, ${duration(item.etaSeconds)} left`;
      const what = item.subtitle ? `${item.title}: ${item.subtitle}` : item.title;
      return [what, `${item.status}${eta}`];
    }),
  };
}

function systemResources(p: SystemResourcesViewFragment): TileBody {
  const rows: Row[] = [
    ["cpu", percent(p.cpuPercent)],
    ["memory", `${bytes(p.memoryUsed)} of ${bytes(p.memoryTotal)}`],
  ];
  if (p.load1 !== null) rows.push(["load", p.load1.toFixed(2)]);
  if (p.uptimeSeconds !== null) rows.push(["up", duration(p.uptimeSeconds)]);
  for (const disk of p.disks.slice(0, MAX_ROWS - rows.length)) {
    rows.push([disk.mount, `${percent(disk.percent)} of ${bytes(disk.total)}`]);
  }
  return { headline: p.hostname ?? "System", rows };
}

function metricQuery(p: MetricQueryResultViewFragment): TileBody {
  return {
    headline: p.query,
    rows: p.samples.slice(0, MAX_ROWS).map((sample): Row => {
      const labels = sample.labels
        .filter((label) => label.name !== "__name__")
        .map((label) => `${label.name}=${label.value}`)
        .join(" ");
      return [labels || p.resultType, sample.valueText];
    }),
  };
}

function scrapeTargets(p: ScrapeTargetsViewFragment): TileBody {
  return {
    headline: `${count(p.up)} up, ${count(p.down)} down`,
    rows: p.targets
      .filter((target) => target.health !== "up")
      .slice(0, MAX_ROWS)
      .map((target): Row => [target.instance, target.lastError ?? target.health]),
  };
}

function customApiValues(p: CustomApiValuesViewFragment): TileBody {
  const missing = p.values.filter((v) => !v.found).length;
  return {
    headline: missing > 0 ? `${count(missing)} not found` : `${count(p.values.length)} values`,
    rows: p.values.slice(0, MAX_ROWS).map((v): Row => [v.label, v.found ? v.value : "—"]),
  };
}

function customApiRows(p: CustomApiRowsViewFragment): TileBody {
  return {
    headline: `${count(p.total)} rows`,
    rows: p.rows.slice(0, MAX_ROWS).map((r): Row => [r.name, r.found ? r.value : "—"]),
  };
}
