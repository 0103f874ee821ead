/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateAppInput = {
  /** The ids of the actions the App allows (Integration.actions); null or omitted: every action that is not destructive. */
  allowedActions?: Array<string | number> | null | undefined;
  description?: string | null | undefined;
  icon?: string | null | undefined;
  /** Validated against the integration's config schema (see Query.integration). */
  integrationConfig?: unknown;
  integrationEnabled?: boolean | null | undefined;
  integrationType?: string | null | undefined;
  name: string;
  sortOrder?: number | null | undefined;
  url?: string | null | undefined;
};

export type DownloadState =
  | 'CHECKING'
  | 'COMPLETED'
  | 'DOWNLOADING'
  | 'ERROR'
  | 'PAUSED'
  | 'QUEUED'
  | 'SEEDING'
  | 'STALLED'
  | 'UNKNOWN';

/** Why talking to a service failed. */
export type ErrorCode =
  | 'ADDRESS_NOT_ALLOWED'
  | 'APP_HAS_NO_INTEGRATION'
  | 'APP_NOT_FOUND'
  | 'CONNECTION_REFUSED'
  | 'DNS_FAILURE'
  | 'ENDPOINT_NOT_FOUND'
  | 'FORBIDDEN'
  | 'INTEGRATION_DISABLED'
  | 'INVALID_CONFIG'
  | 'INVALID_RESPONSE'
  | 'NOT_FOUND'
  | 'ORIGIN_REFUSED'
  | 'PARTIALLY_APPLIED'
  | 'RATE_LIMITED'
  | 'REDIRECT_REFUSED'
  | 'RESPONSE_TOO_LARGE'
  | 'TIMEOUT'
  | 'TLS_EXPIRED'
  | 'TLS_HOSTNAME_MISMATCH'
  | 'TLS_UNTRUSTED'
  | 'TOO_MANY_REDIRECTS'
  | 'UNAUTHORIZED'
  | 'UNEXPECTED_STATUS'
  | 'UNKNOWN'
  | 'UPSTREAM_ERROR';

/** Why an input field was refused; the message has the detail (the limit, the rule). */
export type FieldErrorCode =
  /** The App does not allow this action: an admin lists the actions an App allows (App.allowedActions; by default every action that is not destructive). */
  | 'ACTION_NOT_ALLOWED'
  /** The URL leads to an address Tilewire's address policy refuses (link-local, cloud metadata); the message names the setting that allows it. */
  | 'ADDRESS_NOT_ALLOWED'
  /** The App has no integration, so no live data. */
  | 'APP_HAS_NO_INTEGRATION'
  /** A refresh interval shorter than the endpoint's minRefresh. */
  | 'BELOW_MIN_REFRESH'
  /** The client key was used already for another App or action: a client key names one action run. */
  | 'CLIENT_KEY_REUSED'
  /** A destructive action (stop, shut down, cancel, delete) runs only with confirm: true. */
  | 'CONFIRMATION_REQUIRED'
  /** Contains characters the field does not allow (control characters). */
  | 'INVALID_CHARACTERS'
  /** Not one of the field's options (a select field, credentials.type). */
  | 'INVALID_CHOICE'
  /** Not a URL. */
  | 'INVALID_URL'
  /** Refused by a rule of the field's own; the message says which (a URL with credentials or a query string, a fingerprint that is not 64 hex digits, a PEM that is not a certificate, ...). */
  | 'INVALID_VALUE'
  /** A required field is absent (or null). */
  | 'MISSING'
  /** No record with this id (an App, a Widget, an API key). */
  | 'NOT_FOUND'
  /** A number beyond the field's minimum or maximum. */
  | 'OUT_OF_RANGE'
  /** Does not match the field's pattern. */
  | 'PATTERN_MISMATCH'
  /** A stored secret cannot be reused (the URL names another origin, or the stored config cannot be decrypted): send it again. */
  | 'SECRET_REENTRY_REQUIRED'
  /** The name is in use already. */
  | 'TAKEN'
  /** Longer than the field's maximum length. */
  | 'TOO_LONG'
  /** The limit on how many there may be is reached. */
  | 'TOO_MANY'
  /** Shorter than the field's minimum length (e.g. empty). */
  | 'TOO_SHORT'
  /** The App's integration has no action with this id (see Integration.actions). */
  | 'UNKNOWN_ACTION'
  /** The App's integration has no endpoint with this id. */
  | 'UNKNOWN_ENDPOINT'
  /** The form has no such field (a misspelt name?). */
  | 'UNKNOWN_FIELD'
  /** No integration of this type (see Query.integrations). */
  | 'UNKNOWN_INTEGRATION'
  /** A URL whose scheme is not allowed (only http and https). */
  | 'URL_SCHEME'
  /** A value of the wrong JSON type: a string where a number goes, an object where a string goes, ... */
  | 'WRONG_TYPE';

/** How a config form renders a field. */
export type FieldKind =
  | 'BOOLEAN'
  | 'LIST'
  | 'NUMBER'
  | 'SECRET'
  | 'SELECT'
  | 'STRING'
  | 'URL';

/** Where a link widget's page opens. */
export type LinkTarget =
  | 'NEW'
  | 'SAME';

export type MediaKind =
  | 'AUDIOBOOK'
  | 'EPISODE'
  | 'LIVE_TV'
  | 'MOVIE'
  | 'OTHER'
  | 'PODCAST'
  | 'TRACK';

export type PlaybackState =
  | 'BUFFERING'
  | 'PAUSED'
  | 'PLAYING';

/** What a widget shows. */
export type WidgetType =
  | 'INTEGRATION'
  | 'LINK'
  | 'NOTE';

export type DashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardQuery = { widgets: Array<{ id: string, type: WidgetType, title: string | null, position: number, data: { appId: string, endpointId: string, fetchedAt: string | null, expiresAt: string | null, stale: boolean, json: unknown, error: { code: ErrorCode, message: string, status: number | null } | null, payload:
        | { __typename: 'AlertmanagerAlerts' }
        | { __typename: 'AlertmanagerSilences' }
        | { __typename: 'AuthentikStatus' }
        | { __typename: 'AutobrrIrcNetworks' }
        | { __typename: 'AutobrrStats' }
        | { __typename: 'BazarrWanted' }
        | { __typename: 'BeszelSystems' }
        | { __typename: 'CaddyUpstreams' }
        | { __typename: 'ChangeDetectionSystem' }
        | { __typename: 'ChangeDetectionWatches' }
        | { __typename: 'ContainerEngine' }
        | { __typename: 'ContainerList' }
        | { __typename: 'CustomApiRows', total: number, rows: Array<{ name: string, value: string, found: boolean }> }
        | { __typename: 'CustomApiValues', values: Array<{ label: string, value: string, found: boolean }> }
        | { __typename: 'DnsBlockerSummary', queries: number, blocked: number, percentBlocked: number, blockingEnabled: boolean }
        | { __typename: 'DownloadClientStatus', downloadSpeed: number, uploadSpeed: number, downloading: number, seeding: number, paused: number, errored: number, total: number, freeSpace: number | null }
        | { __typename: 'DownloadQueue', total: number, items: Array<{ id: string, name: string, state: DownloadState, progress: number, downloadSpeed: number, etaSeconds: number | null }> }
        | { __typename: 'EvccStatus' }
        | { __typename: 'FileBrowserUsage' }
        | { __typename: 'FreshRSSUnread' }
        | { __typename: 'FrigateEvents' }
        | { __typename: 'FrigateStats' }
        | { __typename: 'FritzboxStatus' }
        | { __typename: 'GatusStatus' }
        | { __typename: 'GhostfolioPerformance' }
        | { __typename: 'GiteaNotifications' }
        | { __typename: 'GiteaRepositories' }
        | { __typename: 'GitlabActivity' }
        | { __typename: 'GluetunStatus' }
        | { __typename: 'GotifyMessages' }
        | { __typename: 'GrafanaAlerts' }
        | { __typename: 'GrafanaStats' }
        | { __typename: 'HdhomerunStatus' }
        | { __typename: 'HeadscaleNodes' }
        | { __typename: 'HealthchecksChecks' }
        | { __typename: 'HomeAssistantEntities' }
        | { __typename: 'HomeAssistantStatus' }
        | { __typename: 'HomeAssistantTemplate' }
        | { __typename: 'HomebridgeStatus' }
        | { __typename: 'ImmichStats' }
        | { __typename: 'JackettIndexers' }
        | { __typename: 'KarakeepStats' }
        | { __typename: 'KavitaStats' }
        | { __typename: 'KomgaLibraries' }
        | { __typename: 'LinkwardenStats' }
        | { __typename: 'MastodonInstanceStats' }
        | { __typename: 'MediaCalendar' }
        | { __typename: 'MediaLibraryCounts', movies: number | null, series: number | null, episodes: number | null, artists: number | null, albums: number | null, tracks: number | null, books: number | null, podcasts: number | null }
        | { __typename: 'MediaQueue', total: number, items: Array<{ id: string, title: string, subtitle: string | null, status: string, progress: number, etaSeconds: number | null }> }
        | { __typename: 'MediaRequests' }
        | { __typename: 'MediaServerActivity', playing: number, transcoding: number, sessions: Array<{ id: string, user: string | null, title: string, subtitle: string | null, kind: MediaKind, state: PlaybackState, progress: number | null }> }
        | { __typename: 'MediaWanted' }
        | { __typename: 'MetricQueryResult', query: string, resultType: string, samples: Array<{ value: number | null, valueText: string, labels: Array<{ name: string, value: string }> }> }
        | { __typename: 'MinecraftStatus' }
        | { __typename: 'MinifluxUnread' }
        | { __typename: 'MySpeedResult' }
        | { __typename: 'NetdataAlarms' }
        | { __typename: 'NextcloudStats' }
        | { __typename: 'NginxProxyManagerHosts' }
        | { __typename: 'NodeRedDiagnostics' }
        | { __typename: 'NodeRedFlows' }
        | { __typename: 'NtfyMessages' }
        | { __typename: 'NtfyStats' }
        | { __typename: 'NutUps' }
        | { __typename: 'OPNsenseSystem' }
        | { __typename: 'OctoPrintJob' }
        | { __typename: 'OctoPrintStatus' }
        | { __typename: 'OmadaOverview' }
        | { __typename: 'OmadaSites' }
        | { __typename: 'OpenMediaVaultStatus' }
        | { __typename: 'OverseerrIssues' }
        | { __typename: 'PaperlessStatistics' }
        | { __typename: 'PfSenseStatus' }
        | { __typename: 'PhotoPrismLibrary' }
        | { __typename: 'PiholeTopDomains' }
        | { __typename: 'PortainerContainers' }
        | { __typename: 'ProwlarrIndexers' }
        | { __typename: 'ProwlarrStats' }
        | { __typename: 'ProxmoxBackupDatastores' }
        | { __typename: 'ProxmoxBackupTasks' }
        | { __typename: 'ProxmoxResources' }
        | { __typename: 'RommStats' }
        | { __typename: 'ScrapeTargets', up: number, down: number, unknown: number, targets: Array<{ job: string, instance: string, health: string, lastError: string | null }> }
        | { __typename: 'ScrutinyDrives' }
        | { __typename: 'SiteMonitorStatus' }
        | { __typename: 'SpeedtestResult' }
        | { __typename: 'StashStats' }
        | { __typename: 'SyncthingStatus' }
        | { __typename: 'SynologyStatus' }
        | { __typename: 'SynologyStorage' }
        | { __typename: 'SystemResources', hostname: string | null, cpuPercent: number, memoryUsed: number, memoryTotal: number, memoryPercent: number, load1: number | null, uptimeSeconds: number | null, disks: Array<{ mount: string, used: number, total: number, percent: number }> }
        | { __typename: 'TailscaleDevices' }
        | { __typename: 'TdarrSummary' }
        | { __typename: 'TdarrWorkers' }
        | { __typename: 'TraefikOverview' }
        | { __typename: 'TraefikServices' }
        | { __typename: 'TrueNASAlerts' }
        | { __typename: 'TrueNASPools' }
        | { __typename: 'TrueNASSystem' }
        | { __typename: 'TubeArchivistStats' }
        | { __typename: 'UnifiSummary' }
        | { __typename: 'UnraidArray' }
        | { __typename: 'UnraidDocker' }
        | { __typename: 'UnraidSystem' }
        | { __typename: 'UnraidVms' }
        | { __typename: 'UptimeKumaMonitors' }
        | { __typename: 'UrBackupClients' }
        | { __typename: 'UrBackupStatus' }
        | { __typename: 'WgEasyClients' }
        | { __typename: 'WhatsUpDockerContainers' }
        | { __typename: 'ZabbixProblems' }
       | null } | null, config:
      | { __typename: 'IntegrationWidgetConfig', appId: string, endpointId: string, refreshInterval: number | null }
      | { __typename: 'LinkWidgetConfig', url: string, target: LinkTarget }
      | { __typename: 'NoteWidgetConfig', text: string }
    , app: { id: string, name: string, icon: string | null, url: string | null } | null }> };

export type DashboardWidgetFragment = { id: string, type: WidgetType, title: string | null, position: number, config:
    | { __typename: 'IntegrationWidgetConfig', appId: string, endpointId: string, refreshInterval: number | null }
    | { __typename: 'LinkWidgetConfig', url: string, target: LinkTarget }
    | { __typename: 'NoteWidgetConfig', text: string }
  , app: { id: string, name: string, icon: string | null, url: string | null } | null };

export type EndpointDataViewFragment = { appId: string, endpointId: string, fetchedAt: string | null, expiresAt: string | null, stale: boolean, json: unknown, error: { code: ErrorCode, message: string, status: number | null } | null, payload:
    | { __typename: 'AlertmanagerAlerts' }
    | { __typename: 'AlertmanagerSilences' }
    | { __typename: 'AuthentikStatus' }
    | { __typename: 'AutobrrIrcNetworks' }
    | { __typename: 'AutobrrStats' }
    | { __typename: 'BazarrWanted' }
    | { __typename: 'BeszelSystems' }
    | { __typename: 'CaddyUpstreams' }
    | { __typename: 'ChangeDetectionSystem' }
    | { __typename: 'ChangeDetectionWatches' }
    | { __typename: 'ContainerEngine' }
    | { __typename: 'ContainerList' }
    | { __typename: 'CustomApiRows', total: number, rows: Array<{ name: string, value: string, found: boolean }> }
    | { __typename: 'CustomApiValues', values: Array<{ label: string, value: string, found: boolean }> }
    | { __typename: 'DnsBlockerSummary', queries: number, blocked: number, percentBlocked: number, blockingEnabled: boolean }
    | { __typename: 'DownloadClientStatus', downloadSpeed: number, uploadSpeed: number, downloading: number, seeding: number, paused: number, errored: number, total: number, freeSpace: number | null }
    | { __typename: 'DownloadQueue', total: number, items: Array<{ id: string, name: string, state: DownloadState, progress: number, downloadSpeed: number, etaSeconds: number | null }> }
    | { __typename: 'EvccStatus' }
    | { __typename: 'FileBrowserUsage' }
    | { __typename: 'FreshRSSUnread' }
    | { __typename: 'FrigateEvents' }
    | { __typename: 'FrigateStats' }
    | { __typename: 'FritzboxStatus' }
    | { __typename: 'GatusStatus' }
    | { __typename: 'GhostfolioPerformance' }
    | { __typename: 'GiteaNotifications' }
    | { __typename: 'GiteaRepositories' }
    | { __typename: 'GitlabActivity' }
    | { __typename: 'GluetunStatus' }
    | { __typename: 'GotifyMessages' }
    | { __typename: 'GrafanaAlerts' }
    | { __typename: 'GrafanaStats' }
    | { __typename: 'HdhomerunStatus' }
    | { __typename: 'HeadscaleNodes' }
    | { __typename: 'HealthchecksChecks' }
    | { __typename: 'HomeAssistantEntities' }
    | { __typename: 'HomeAssistantStatus' }
    | { __typename: 'HomeAssistantTemplate' }
    | { __typename: 'HomebridgeStatus' }
    | { __typename: 'ImmichStats' }
    | { __typename: 'JackettIndexers' }
    | { __typename: 'KarakeepStats' }
    | { __typename: 'KavitaStats' }
    | { __typename: 'KomgaLibraries' }
    | { __typename: 'LinkwardenStats' }
    | { __typename: 'MastodonInstanceStats' }
    | { __typename: 'MediaCalendar' }
    | { __typename: 'MediaLibraryCounts', movies: number | null, series: number | null, episodes: number | null, artists: number | null, albums: number | null, tracks: number | null, books: number | null, podcasts: number | null }
    | { __typename: 'MediaQueue', total: number, items: Array<{ id: string, title: string, subtitle: string | null, status: string, progress: number, etaSeconds: number | null }> }
    | { __typename: 'MediaRequests' }
    | { __typename: 'MediaServerActivity', playing: number, transcoding: number, sessions: Array<{ id: string, user: string | null, title: string, subtitle: string | null, kind: MediaKind, state: PlaybackState, progress: number | null }> }
    | { __typename: 'MediaWanted' }
    | { __typename: 'MetricQueryResult', query: string, resultType: string, samples: Array<{ value: number | null, valueText: string, labels: Array<{ name: string, value: string }> }> }
    | { __typename: 'MinecraftStatus' }
    | { __typename: 'MinifluxUnread' }
    | { __typename: 'MySpeedResult' }
    | { __typename: 'NetdataAlarms' }
    | { __typename: 'NextcloudStats' }
    | { __typename: 'NginxProxyManagerHosts' }
    | { __typename: 'NodeRedDiagnostics' }
    | { __typename: 'NodeRedFlows' }
    | { __typename: 'NtfyMessages' }
    | { __typename: 'NtfyStats' }
    | { __typename: 'NutUps' }
    | { __typename: 'OPNsenseSystem' }
    | { __typename: 'OctoPrintJob' }
    | { __typename: 'OctoPrintStatus' }
    | { __typename: 'OmadaOverview' }
    | { __typename: 'OmadaSites' }
    | { __typename: 'OpenMediaVaultStatus' }
    | { __typename: 'OverseerrIssues' }
    | { __typename: 'PaperlessStatistics' }
    | { __typename: 'PfSenseStatus' }
    | { __typename: 'PhotoPrismLibrary' }
    | { __typename: 'PiholeTopDomains' }
    | { __typename: 'PortainerContainers' }
    | { __typename: 'ProwlarrIndexers' }
    | { __typename: 'ProwlarrStats' }
    | { __typename: 'ProxmoxBackupDatastores' }
    | { __typename: 'ProxmoxBackupTasks' }
    | { __typename: 'ProxmoxResources' }
    | { __typename: 'RommStats' }
    | { __typename: 'ScrapeTargets', up: number, down: number, unknown: number, targets: Array<{ job: string, instance: string, health: string, lastError: string | null }> }
    | { __typename: 'ScrutinyDrives' }
    | { __typename: 'SiteMonitorStatus' }
    | { __typename: 'SpeedtestResult' }
    | { __typename: 'StashStats' }
    | { __typename: 'SyncthingStatus' }
    | { __typename: 'SynologyStatus' }
    | { __typename: 'SynologyStorage' }
    | { __typename: 'SystemResources', hostname: string | null, cpuPercent: number, memoryUsed: number, memoryTotal: number, memoryPercent: number, load1: number | null, uptimeSeconds: number | null, disks: Array<{ mount: string, used: number, total: number, percent: number }> }
    | { __typename: 'TailscaleDevices' }
    | { __typename: 'TdarrSummary' }
    | { __typename: 'TdarrWorkers' }
    | { __typename: 'TraefikOverview' }
    | { __typename: 'TraefikServices' }
    | { __typename: 'TrueNASAlerts' }
    | { __typename: 'TrueNASPools' }
    | { __typename: 'TrueNASSystem' }
    | { __typename: 'TubeArchivistStats' }
    | { __typename: 'UnifiSummary' }
    | { __typename: 'UnraidArray' }
    | { __typename: 'UnraidDocker' }
    | { __typename: 'UnraidSystem' }
    | { __typename: 'UnraidVms' }
    | { __typename: 'UptimeKumaMonitors' }
    | { __typename: 'UrBackupClients' }
    | { __typename: 'UrBackupStatus' }
    | { __typename: 'WgEasyClients' }
    | { __typename: 'WhatsUpDockerContainers' }
    | { __typename: 'ZabbixProblems' }
   | null };

export type IntegrationCatalogueQueryVariables = Exact<{
  category?: string | null | undefined;
}>;


export type IntegrationCatalogueQuery = { integrations: Array<{ id: string, name: string, icon: string, docsUrl: string, defaultPort: number | null, credentialTypes: Array<string>, configFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, group: string, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean }> }> }> }> };

export type IntegrationFormOfQueryVariables = Exact<{
  id: string | number;
}>;


export type IntegrationFormOfQuery = { integration: { id: string, name: string, icon: string, docsUrl: string, defaultPort: number | null, credentialTypes: Array<string>, configFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, group: string, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean }> }> }> } | null };

export type IntegrationFormFragment = { id: string, name: string, icon: string, docsUrl: string, defaultPort: number | null, credentialTypes: Array<string>, configFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, group: string, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean, minItems: number | null, maxItems: number | null, itemFields: Array<{ name: string, label: string, kind: FieldKind, required: boolean, default: unknown, help: string, options: Array<string>, multiline: boolean }> }> }> };

export type CreateAppMutationVariables = Exact<{
  input: CreateAppInput;
}>;


export type CreateAppMutation = { createApp:
    | { __typename: 'App', id: string, name: string, integration: { type: string, secrets: Array<{ name: string, isSet: boolean }> } | null }
    | { __typename: 'ValidationErrors', errors: Array<{ argument: string, field: string | null, code: FieldErrorCode, message: string }> }
   };

export type LiveEndpointDataSubscriptionVariables = Exact<{
  appId: string | number;
  endpointId: string | number;
  refreshInterval?: number | null | undefined;
}>;


export type LiveEndpointDataSubscription = { integrationData: { appId: string, endpointId: string, fetchedAt: string | null, expiresAt: string | null, stale: boolean, json: unknown, error: { code: ErrorCode, message: string, status: number | null } | null, payload:
      | { __typename: 'AlertmanagerAlerts' }
      | { __typename: 'AlertmanagerSilences' }
      | { __typename: 'AuthentikStatus' }
      | { __typename: 'AutobrrIrcNetworks' }
      | { __typename: 'AutobrrStats' }
      | { __typename: 'BazarrWanted' }
      | { __typename: 'BeszelSystems' }
      | { __typename: 'CaddyUpstreams' }
      | { __typename: 'ChangeDetectionSystem' }
      | { __typename: 'ChangeDetectionWatches' }
      | { __typename: 'ContainerEngine' }
      | { __typename: 'ContainerList' }
      | { __typename: 'CustomApiRows', total: number, rows: Array<{ name: string, value: string, found: boolean }> }
      | { __typename: 'CustomApiValues', values: Array<{ label: string, value: string, found: boolean }> }
      | { __typename: 'DnsBlockerSummary', queries: number, blocked: number, percentBlocked: number, blockingEnabled: boolean }
      | { __typename: 'DownloadClientStatus', downloadSpeed: number, uploadSpeed: number, downloading: number, seeding: number, paused: number, errored: number, total: number, freeSpace: number | null }
      | { __typename: 'DownloadQueue', total: number, items: Array<{ id: string, name: string, state: DownloadState, progress: number, downloadSpeed: number, etaSeconds: number | null }> }
      | { __typename: 'EvccStatus' }
      | { __typename: 'FileBrowserUsage' }
      | { __typename: 'FreshRSSUnread' }
      | { __typename: 'FrigateEvents' }
      | { __typename: 'FrigateStats' }
      | { __typename: 'FritzboxStatus' }
      | { __typename: 'GatusStatus' }
      | { __typename: 'GhostfolioPerformance' }
      | { __typename: 'GiteaNotifications' }
      | { __typename: 'GiteaRepositories' }
      | { __typename: 'GitlabActivity' }
      | { __typename: 'GluetunStatus' }
      | { __typename: 'GotifyMessages' }
      | { __typename: 'GrafanaAlerts' }
      | { __typename: 'GrafanaStats' }
      | { __typename: 'HdhomerunStatus' }
      | { __typename: 'HeadscaleNodes' }
      | { __typename: 'HealthchecksChecks' }
      | { __typename: 'HomeAssistantEntities' }
      | { __typename: 'HomeAssistantStatus' }
      | { __typename: 'HomeAssistantTemplate' }
      | { __typename: 'HomebridgeStatus' }
      | { __typename: 'ImmichStats' }
      | { __typename: 'JackettIndexers' }
      | { __typename: 'KarakeepStats' }
      | { __typename: 'KavitaStats' }
      | { __typename: 'KomgaLibraries' }
      | { __typename: 'LinkwardenStats' }
      | { __typename: 'MastodonInstanceStats' }
      | { __typename: 'MediaCalendar' }
      | { __typename: 'MediaLibraryCounts', movies: number | null, series: number | null, episodes: number | null, artists: number | null, albums: number | null, tracks: number | null, books: number | null, podcasts: number | null }
      | { __typename: 'MediaQueue', total: number, items: Array<{ id: string, title: string, subtitle: string | null, status: string, progress: number, etaSeconds: number | null }> }
      | { __typename: 'MediaRequests' }
      | { __typename: 'MediaServerActivity', playing: number, transcoding: number, sessions: Array<{ id: string, user: string | null, title: string, subtitle: string | null, kind: MediaKind, state: PlaybackState, progress: number | null }> }
      | { __typename: 'MediaWanted' }
      | { __typename: 'MetricQueryResult', query: string, resultType: string, samples: Array<{ value: number | null, valueText: string, labels: Array<{ name: string, value: string }> }> }
      | { __typename: 'MinecraftStatus' }
      | { __typename: 'MinifluxUnread' }
      | { __typename: 'MySpeedResult' }
      | { __typename: 'NetdataAlarms' }
      | { __typename: 'NextcloudStats' }
      | { __typename: 'NginxProxyManagerHosts' }
      | { __typename: 'NodeRedDiagnostics' }
      | { __typename: 'NodeRedFlows' }
      | { __typename: 'NtfyMessages' }
      | { __typename: 'NtfyStats' }
      | { __typename: 'NutUps' }
      | { __typename: 'OPNsenseSystem' }
      | { __typename: 'OctoPrintJob' }
      | { __typename: 'OctoPrintStatus' }
      | { __typename: 'OmadaOverview' }
      | { __typename: 'OmadaSites' }
      | { __typename: 'OpenMediaVaultStatus' }
      | { __typename: 'OverseerrIssues' }
      | { __typename: 'PaperlessStatistics' }
      | { __typename: 'PfSenseStatus' }
      | { __typename: 'PhotoPrismLibrary' }
      | { __typename: 'PiholeTopDomains' }
      | { __typename: 'PortainerContainers' }
      | { __typename: 'ProwlarrIndexers' }
      | { __typename: 'ProwlarrStats' }
      | { __typename: 'ProxmoxBackupDatastores' }
      | { __typename: 'ProxmoxBackupTasks' }
      | { __typename: 'ProxmoxResources' }
      | { __typename: 'RommStats' }
      | { __typename: 'ScrapeTargets', up: number, down: number, unknown: number, targets: Array<{ job: string, instance: string, health: string, lastError: string | null }> }
      | { __typename: 'ScrutinyDrives' }
      | { __typename: 'SiteMonitorStatus' }
      | { __typename: 'SpeedtestResult' }
      | { __typename: 'StashStats' }
      | { __typename: 'SyncthingStatus' }
      | { __typename: 'SynologyStatus' }
      | { __typename: 'SynologyStorage' }
      | { __typename: 'SystemResources', hostname: string | null, cpuPercent: number, memoryUsed: number, memoryTotal: number, memoryPercent: number, load1: number | null, uptimeSeconds: number | null, disks: Array<{ mount: string, used: number, total: number, percent: number }> }
      | { __typename: 'TailscaleDevices' }
      | { __typename: 'TdarrSummary' }
      | { __typename: 'TdarrWorkers' }
      | { __typename: 'TraefikOverview' }
      | { __typename: 'TraefikServices' }
      | { __typename: 'TrueNASAlerts' }
      | { __typename: 'TrueNASPools' }
      | { __typename: 'TrueNASSystem' }
      | { __typename: 'TubeArchivistStats' }
      | { __typename: 'UnifiSummary' }
      | { __typename: 'UnraidArray' }
      | { __typename: 'UnraidDocker' }
      | { __typename: 'UnraidSystem' }
      | { __typename: 'UnraidVms' }
      | { __typename: 'UptimeKumaMonitors' }
      | { __typename: 'UrBackupClients' }
      | { __typename: 'UrBackupStatus' }
      | { __typename: 'WgEasyClients' }
      | { __typename: 'WhatsUpDockerContainers' }
      | { __typename: 'ZabbixProblems' }
     | null } };

type PayloadView_AlertmanagerAlerts_Fragment = { __typename: 'AlertmanagerAlerts' };

type PayloadView_AlertmanagerSilences_Fragment = { __typename: 'AlertmanagerSilences' };

type PayloadView_AuthentikStatus_Fragment = { __typename: 'AuthentikStatus' };

type PayloadView_AutobrrIrcNetworks_Fragment = { __typename: 'AutobrrIrcNetworks' };

type PayloadView_AutobrrStats_Fragment = { __typename: 'AutobrrStats' };

type PayloadView_BazarrWanted_Fragment = { __typename: 'BazarrWanted' };

type PayloadView_BeszelSystems_Fragment = { __typename: 'BeszelSystems' };

type PayloadView_CaddyUpstreams_Fragment = { __typename: 'CaddyUpstreams' };

type PayloadView_ChangeDetectionSystem_Fragment = { __typename: 'ChangeDetectionSystem' };

type PayloadView_ChangeDetectionWatches_Fragment = { __typename: 'ChangeDetectionWatches' };

type PayloadView_ContainerEngine_Fragment = { __typename: 'ContainerEngine' };

type PayloadView_ContainerList_Fragment = { __typename: 'ContainerList' };

type PayloadView_CustomApiRows_Fragment = { __typename: 'CustomApiRows', total: number, rows: Array<{ name: string, value: string, found: boolean }> };

type PayloadView_CustomApiValues_Fragment = { __typename: 'CustomApiValues', values: Array<{ label: string, value: string, found: boolean }> };

type PayloadView_DnsBlockerSummary_Fragment = { __typename: 'DnsBlockerSummary', queries: number, blocked: number, percentBlocked: number, blockingEnabled: boolean };

type PayloadView_DownloadClientStatus_Fragment = { __typename: 'DownloadClientStatus', downloadSpeed: number, uploadSpeed: number, downloading: number, seeding: number, paused: number, errored: number, total: number, freeSpace: number | null };

type PayloadView_DownloadQueue_Fragment = { __typename: 'DownloadQueue', total: number, items: Array<{ id: string, name: string, state: DownloadState, progress: number, downloadSpeed: number, etaSeconds: number | null }> };

type PayloadView_EvccStatus_Fragment = { __typename: 'EvccStatus' };

type PayloadView_FileBrowserUsage_Fragment = { __typename: 'FileBrowserUsage' };

type PayloadView_FreshRssUnread_Fragment = { __typename: 'FreshRSSUnread' };

type PayloadView_FrigateEvents_Fragment = { __typename: 'FrigateEvents' };

type PayloadView_FrigateStats_Fragment = { __typename: 'FrigateStats' };

type PayloadView_FritzboxStatus_Fragment = { __typename: 'FritzboxStatus' };

type PayloadView_GatusStatus_Fragment = { __typename: 'GatusStatus' };

type PayloadView_GhostfolioPerformance_Fragment = { __typename: 'GhostfolioPerformance' };

type PayloadView_GiteaNotifications_Fragment = { __typename: 'GiteaNotifications' };

type PayloadView_GiteaRepositories_Fragment = { __typename: 'GiteaRepositories' };

type PayloadView_GitlabActivity_Fragment = { __typename: 'GitlabActivity' };

type PayloadView_GluetunStatus_Fragment = { __typename: 'GluetunStatus' };

type PayloadView_GotifyMessages_Fragment = { __typename: 'GotifyMessages' };

type PayloadView_GrafanaAlerts_Fragment = { __typename: 'GrafanaAlerts' };

type PayloadView_GrafanaStats_Fragment = { __typename: 'GrafanaStats' };

type PayloadView_HdhomerunStatus_Fragment = { __typename: 'HdhomerunStatus' };

type PayloadView_HeadscaleNodes_Fragment = { __typename: 'HeadscaleNodes' };

type PayloadView_HealthchecksChecks_Fragment = { __typename: 'HealthchecksChecks' };

type PayloadView_HomeAssistantEntities_Fragment = { __typename: 'HomeAssistantEntities' };

type PayloadView_HomeAssistantStatus_Fragment = { __typename: 'HomeAssistantStatus' };

type PayloadView_HomeAssistantTemplate_Fragment = { __typename: 'HomeAssistantTemplate' };

type PayloadView_HomebridgeStatus_Fragment = { __typename: 'HomebridgeStatus' };

type PayloadView_ImmichStats_Fragment = { __typename: 'ImmichStats' };

type PayloadView_JackettIndexers_Fragment = { __typename: 'JackettIndexers' };

type PayloadView_KarakeepStats_Fragment = { __typename: 'KarakeepStats' };

type PayloadView_KavitaStats_Fragment = { __typename: 'KavitaStats' };

type PayloadView_KomgaLibraries_Fragment = { __typename: 'KomgaLibraries' };

type PayloadView_LinkwardenStats_Fragment = { __typename: 'LinkwardenStats' };

type PayloadView_MastodonInstanceStats_Fragment = { __typename: 'MastodonInstanceStats' };

type PayloadView_MediaCalendar_Fragment = { __typename: 'MediaCalendar' };

type PayloadView_MediaLibraryCounts_Fragment = { __typename: 'MediaLibraryCounts', movies: number | null, series: number | null, episodes: number | null, artists: number | null, albums: number | null, tracks: number | null, books: number | null, podcasts: number | null };

type PayloadView_MediaQueue_Fragment = { __typename: 'MediaQueue', total: number, items: Array<{ id: string, title: string, subtitle: string | null, status: string, progress: number, etaSeconds: number | null }> };

type PayloadView_MediaRequests_Fragment = { __typename: 'MediaRequests' };

type PayloadView_MediaServerActivity_Fragment = { __typename: 'MediaServerActivity', playing: number, transcoding: number, sessions: Array<{ id: string, user: string | null, title: string, subtitle: string | null, kind: MediaKind, state: PlaybackState, progress: number | null }> };

type PayloadView_MediaWanted_Fragment = { __typename: 'MediaWanted' };

type PayloadView_MetricQueryResult_Fragment = { __typename: 'MetricQueryResult', query: string, resultType: string, samples: Array<{ value: number | null, valueText: string, labels: Array<{ name: string, value: string }> }> };

type PayloadView_MinecraftStatus_Fragment = { __typename: 'MinecraftStatus' };

type PayloadView_MinifluxUnread_Fragment = { __typename: 'MinifluxUnread' };

type PayloadView_MySpeedResult_Fragment = { __typename: 'MySpeedResult' };

type PayloadView_NetdataAlarms_Fragment = { __typename: 'NetdataAlarms' };

type PayloadView_NextcloudStats_Fragment = { __typename: 'NextcloudStats' };

type PayloadView_NginxProxyManagerHosts_Fragment = { __typename: 'NginxProxyManagerHosts' };

type PayloadView_NodeRedDiagnostics_Fragment = { __typename: 'NodeRedDiagnostics' };

type PayloadView_NodeRedFlows_Fragment = { __typename: 'NodeRedFlows' };

type PayloadView_NtfyMessages_Fragment = { __typename: 'NtfyMessages' };

type PayloadView_NtfyStats_Fragment = { __typename: 'NtfyStats' };

type PayloadView_NutUps_Fragment = { __typename: 'NutUps' };

type PayloadView_OpNsenseSystem_Fragment = { __typename: 'OPNsenseSystem' };

type PayloadView_OctoPrintJob_Fragment = { __typename: 'OctoPrintJob' };

type PayloadView_OctoPrintStatus_Fragment = { __typename: 'OctoPrintStatus' };

type PayloadView_OmadaOverview_Fragment = { __typename: 'OmadaOverview' };

type PayloadView_OmadaSites_Fragment = { __typename: 'OmadaSites' };

type PayloadView_OpenMediaVaultStatus_Fragment = { __typename: 'OpenMediaVaultStatus' };

type PayloadView_OverseerrIssues_Fragment = { __typename: 'OverseerrIssues' };

type PayloadView_PaperlessStatistics_Fragment = { __typename: 'PaperlessStatistics' };

type PayloadView_PfSenseStatus_Fragment = { __typename: 'PfSenseStatus' };

type PayloadView_PhotoPrismLibrary_Fragment = { __typename: 'PhotoPrismLibrary' };

type PayloadView_PiholeTopDomains_Fragment = { __typename: 'PiholeTopDomains' };

type PayloadView_PortainerContainers_Fragment = { __typename: 'PortainerContainers' };

type PayloadView_ProwlarrIndexers_Fragment = { __typename: 'ProwlarrIndexers' };

type PayloadView_ProwlarrStats_Fragment = { __typename: 'ProwlarrStats' };

type PayloadView_ProxmoxBackupDatastores_Fragment = { __typename: 'ProxmoxBackupDatastores' };

type PayloadView_ProxmoxBackupTasks_Fragment = { __typename: 'ProxmoxBackupTasks' };

type PayloadView_ProxmoxResources_Fragment = { __typename: 'ProxmoxResources' };

type PayloadView_RommStats_Fragment = { __typename: 'RommStats' };

type PayloadView_ScrapeTargets_Fragment = { __typename: 'ScrapeTargets', up: number, down: number, unknown: number, targets: Array<{ job: string, instance: string, health: string, lastError: string | null }> };

type PayloadView_ScrutinyDrives_Fragment = { __typename: 'ScrutinyDrives' };

type PayloadView_SiteMonitorStatus_Fragment = { __typename: 'SiteMonitorStatus' };

type PayloadView_SpeedtestResult_Fragment = { __typename: 'SpeedtestResult' };

type PayloadView_StashStats_Fragment = { __typename: 'StashStats' };

type PayloadView_SyncthingStatus_Fragment = { __typename: 'SyncthingStatus' };

type PayloadView_SynologyStatus_Fragment = { __typename: 'SynologyStatus' };

type PayloadView_SynologyStorage_Fragment = { __typename: 'SynologyStorage' };

type PayloadView_SystemResources_Fragment = { __typename: 'SystemResources', hostname: string | null, cpuPercent: number, memoryUsed: number, memoryTotal: number, memoryPercent: number, load1: number | null, uptimeSeconds: number | null, disks: Array<{ mount: string, used: number, total: number, percent: number }> };

type PayloadView_TailscaleDevices_Fragment = { __typename: 'TailscaleDevices' };

type PayloadView_TdarrSummary_Fragment = { __typename: 'TdarrSummary' };

type PayloadView_TdarrWorkers_Fragment = { __typename: 'TdarrWorkers' };

type PayloadView_TraefikOverview_Fragment = { __typename: 'TraefikOverview' };

type PayloadView_TraefikServices_Fragment = { __typename: 'TraefikServices' };

type PayloadView_TrueNasAlerts_Fragment = { __typename: 'TrueNASAlerts' };

type PayloadView_TrueNasPools_Fragment = { __typename: 'TrueNASPools' };

type PayloadView_TrueNasSystem_Fragment = { __typename: 'TrueNASSystem' };

type PayloadView_TubeArchivistStats_Fragment = { __typename: 'TubeArchivistStats' };

type PayloadView_UnifiSummary_Fragment = { __typename: 'UnifiSummary' };

type PayloadView_UnraidArray_Fragment = { __typename: 'UnraidArray' };

type PayloadView_UnraidDocker_Fragment = { __typename: 'UnraidDocker' };

type PayloadView_UnraidSystem_Fragment = { __typename: 'UnraidSystem' };

type PayloadView_UnraidVms_Fragment = { __typename: 'UnraidVms' };

type PayloadView_UptimeKumaMonitors_Fragment = { __typename: 'UptimeKumaMonitors' };

type PayloadView_UrBackupClients_Fragment = { __typename: 'UrBackupClients' };

type PayloadView_UrBackupStatus_Fragment = { __typename: 'UrBackupStatus' };

type PayloadView_WgEasyClients_Fragment = { __typename: 'WgEasyClients' };

type PayloadView_WhatsUpDockerContainers_Fragment = { __typename: 'WhatsUpDockerContainers' };

type PayloadView_ZabbixProblems_Fragment = { __typename: 'ZabbixProblems' };

export type PayloadViewFragment =
  | PayloadView_AlertmanagerAlerts_Fragment
  | PayloadView_AlertmanagerSilences_Fragment
  | PayloadView_AuthentikStatus_Fragment
  | PayloadView_AutobrrIrcNetworks_Fragment
  | PayloadView_AutobrrStats_Fragment
  | PayloadView_BazarrWanted_Fragment
  | PayloadView_BeszelSystems_Fragment
  | PayloadView_CaddyUpstreams_Fragment
  | PayloadView_ChangeDetectionSystem_Fragment
  | PayloadView_ChangeDetectionWatches_Fragment
  | PayloadView_ContainerEngine_Fragment
  | PayloadView_ContainerList_Fragment
  | PayloadView_CustomApiRows_Fragment
  | PayloadView_CustomApiValues_Fragment
  | PayloadView_DnsBlockerSummary_Fragment
  | PayloadView_DownloadClientStatus_Fragment
  | PayloadView_DownloadQueue_Fragment
  | PayloadView_EvccStatus_Fragment
  | PayloadView_FileBrowserUsage_Fragment
  | PayloadView_FreshRssUnread_Fragment
  | PayloadView_FrigateEvents_Fragment
  | PayloadView_FrigateStats_Fragment
  | PayloadView_FritzboxStatus_Fragment
  | PayloadView_GatusStatus_Fragment
  | PayloadView_GhostfolioPerformance_Fragment
  | PayloadView_GiteaNotifications_Fragment
  | PayloadView_GiteaRepositories_Fragment
  | PayloadView_GitlabActivity_Fragment
  | PayloadView_GluetunStatus_Fragment
  | PayloadView_GotifyMessages_Fragment
  | PayloadView_GrafanaAlerts_Fragment
  | PayloadView_GrafanaStats_Fragment
  | PayloadView_HdhomerunStatus_Fragment
  | PayloadView_HeadscaleNodes_Fragment
  | PayloadView_HealthchecksChecks_Fragment
  | PayloadView_HomeAssistantEntities_Fragment
  | PayloadView_HomeAssistantStatus_Fragment
  | PayloadView_HomeAssistantTemplate_Fragment
  | PayloadView_HomebridgeStatus_Fragment
  | PayloadView_ImmichStats_Fragment
  | PayloadView_JackettIndexers_Fragment
  | PayloadView_KarakeepStats_Fragment
  | PayloadView_KavitaStats_Fragment
  | PayloadView_KomgaLibraries_Fragment
  | PayloadView_LinkwardenStats_Fragment
  | PayloadView_MastodonInstanceStats_Fragment
  | PayloadView_MediaCalendar_Fragment
  | PayloadView_MediaLibraryCounts_Fragment
  | PayloadView_MediaQueue_Fragment
  | PayloadView_MediaRequests_Fragment
  | PayloadView_MediaServerActivity_Fragment
  | PayloadView_MediaWanted_Fragment
  | PayloadView_MetricQueryResult_Fragment
  | PayloadView_MinecraftStatus_Fragment
  | PayloadView_MinifluxUnread_Fragment
  | PayloadView_MySpeedResult_Fragment
  | PayloadView_NetdataAlarms_Fragment
  | PayloadView_NextcloudStats_Fragment
  | PayloadView_NginxProxyManagerHosts_Fragment
  | PayloadView_NodeRedDiagnostics_Fragment
  | PayloadView_NodeRedFlows_Fragment
  | PayloadView_NtfyMessages_Fragment
  | PayloadView_NtfyStats_Fragment
  | PayloadView_NutUps_Fragment
  | PayloadView_OpNsenseSystem_Fragment
  | PayloadView_OctoPrintJob_Fragment
  | PayloadView_OctoPrintStatus_Fragment
  | PayloadView_OmadaOverview_Fragment
  | PayloadView_OmadaSites_Fragment
  | PayloadView_OpenMediaVaultStatus_Fragment
  | PayloadView_OverseerrIssues_Fragment
  | PayloadView_PaperlessStatistics_Fragment
  | PayloadView_PfSenseStatus_Fragment
  | PayloadView_PhotoPrismLibrary_Fragment
  | PayloadView_PiholeTopDomains_Fragment
  | PayloadView_PortainerContainers_Fragment
  | PayloadView_ProwlarrIndexers_Fragment
  | PayloadView_ProwlarrStats_Fragment
  | PayloadView_ProxmoxBackupDatastores_Fragment
  | PayloadView_ProxmoxBackupTasks_Fragment
  | PayloadView_ProxmoxResources_Fragment
  | PayloadView_RommStats_Fragment
  | PayloadView_ScrapeTargets_Fragment
  | PayloadView_ScrutinyDrives_Fragment
  | PayloadView_SiteMonitorStatus_Fragment
  | PayloadView_SpeedtestResult_Fragment
  | PayloadView_StashStats_Fragment
  | PayloadView_SyncthingStatus_Fragment
  | PayloadView_SynologyStatus_Fragment
  | PayloadView_SynologyStorage_Fragment
  | PayloadView_SystemResources_Fragment
  | PayloadView_TailscaleDevices_Fragment
  | PayloadView_TdarrSummary_Fragment
  | PayloadView_TdarrWorkers_Fragment
  | PayloadView_TraefikOverview_Fragment
  | PayloadView_TraefikServices_Fragment
  | PayloadView_TrueNasAlerts_Fragment
  | PayloadView_TrueNasPools_Fragment
  | PayloadView_TrueNasSystem_Fragment
  | PayloadView_TubeArchivistStats_Fragment
  | PayloadView_UnifiSummary_Fragment
  | PayloadView_UnraidArray_Fragment
  | PayloadView_UnraidDocker_Fragment
  | PayloadView_UnraidSystem_Fragment
  | PayloadView_UnraidVms_Fragment
  | PayloadView_UptimeKumaMonitors_Fragment
  | PayloadView_UrBackupClients_Fragment
  | PayloadView_UrBackupStatus_Fragment
  | PayloadView_WgEasyClients_Fragment
  | PayloadView_WhatsUpDockerContainers_Fragment
  | PayloadView_ZabbixProblems_Fragment
;

export type DownloadClientStatusViewFragment = { downloadSpeed: number, uploadSpeed: number, downloading: number, seeding: number, paused: number, errored: number, total: number, freeSpace: number | null };

export type DownloadQueueViewFragment = { total: number, items: Array<{ id: string, name: string, state: DownloadState, progress: number, downloadSpeed: number, etaSeconds: number | null }> };

export type DnsBlockerSummaryViewFragment = { queries: number, blocked: number, percentBlocked: number, blockingEnabled: boolean };

export type MediaServerActivityViewFragment = { playing: number, transcoding: number, sessions: Array<{ id: string, user: string | null, title: string, subtitle: string | null, kind: MediaKind, state: PlaybackState, progress: number | null }> };

export type MediaLibraryCountsViewFragment = { movies: number | null, series: number | null, episodes: number | null, artists: number | null, albums: number | null, tracks: number | null, books: number | null, podcasts: number | null };

export type MediaQueueViewFragment = { total: number, items: Array<{ id: string, title: string, subtitle: string | null, status: string, progress: number, etaSeconds: number | null }> };

export type SystemResourcesViewFragment = { hostname: string | null, cpuPercent: number, memoryUsed: number, memoryTotal: number, memoryPercent: number, load1: number | null, uptimeSeconds: number | null, disks: Array<{ mount: string, used: number, total: number, percent: number }> };

export type MetricQueryResultViewFragment = { query: string, resultType: string, samples: Array<{ value: number | null, valueText: string, labels: Array<{ name: string, value: string }> }> };

export type ScrapeTargetsViewFragment = { up: number, down: number, unknown: number, targets: Array<{ job: string, instance: string, health: string, lastError: string | null }> };

export type CustomApiValuesViewFragment = { values: Array<{ label: string, value: string, found: boolean }> };

export type CustomApiRowsViewFragment = { total: number, rows: Array<{ name: string, value: string, found: boolean }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const DashboardWidgetFragmentDoc = new TypedDocumentString(`
    fragment DashboardWidget on Widget {
  id
  type
  title
  position
  config {
    __typename
    ... on IntegrationWidgetConfig {
      appId
      endpointId
      refreshInterval
    }
    ... on LinkWidgetConfig {
      url
      target
    }
    ... on NoteWidgetConfig {
      text
    }
  }
  app {
    id
    name
    icon
    url
  }
}
    `, {"fragmentName":"DashboardWidget"}) as unknown as TypedDocumentString<DashboardWidgetFragment, unknown>;
export const DownloadClientStatusViewFragmentDoc = new TypedDocumentString(`
    fragment DownloadClientStatusView on DownloadClientStatus {
  downloadSpeed
  uploadSpeed
  downloading
  seeding
  paused
  errored
  total
  freeSpace
}
    `, {"fragmentName":"DownloadClientStatusView"}) as unknown as TypedDocumentString<DownloadClientStatusViewFragment, unknown>;
export const DownloadQueueViewFragmentDoc = new TypedDocumentString(`
    fragment DownloadQueueView on DownloadQueue {
  total
  items {
    id
    name
    state
    progress
    downloadSpeed
    etaSeconds
  }
}
    `, {"fragmentName":"DownloadQueueView"}) as unknown as TypedDocumentString<DownloadQueueViewFragment, unknown>;
export const DnsBlockerSummaryViewFragmentDoc = new TypedDocumentString(`
    fragment DnsBlockerSummaryView on DnsBlockerSummary {
  queries
  blocked
  percentBlocked
  blockingEnabled
}
    `, {"fragmentName":"DnsBlockerSummaryView"}) as unknown as TypedDocumentString<DnsBlockerSummaryViewFragment, unknown>;
export const MediaServerActivityViewFragmentDoc = new TypedDocumentString(`
    fragment MediaServerActivityView on MediaServerActivity {
  playing
  transcoding
  sessions {
    id
    user
    title
    subtitle
    kind
    state
    progress
  }
}
    `, {"fragmentName":"MediaServerActivityView"}) as unknown as TypedDocumentString<MediaServerActivityViewFragment, unknown>;
export const MediaLibraryCountsViewFragmentDoc = new TypedDocumentString(`
    fragment MediaLibraryCountsView on MediaLibraryCounts {
  movies
  series
  episodes
  artists
  albums
  tracks
  books
  podcasts
}
    `, {"fragmentName":"MediaLibraryCountsView"}) as unknown as TypedDocumentString<MediaLibraryCountsViewFragment, unknown>;
export const MediaQueueViewFragmentDoc = new TypedDocumentString(`
    fragment MediaQueueView on MediaQueue {
  total
  items {
    id
    title
    subtitle
    status
    progress
    etaSeconds
  }
}
    `, {"fragmentName":"MediaQueueView"}) as unknown as TypedDocumentString<MediaQueueViewFragment, unknown>;
export const SystemResourcesViewFragmentDoc = new TypedDocumentString(`
    fragment SystemResourcesView on SystemResources {
  hostname
  cpuPercent
  memoryUsed
  memoryTotal
  memoryPercent
  load1
  uptimeSeconds
  disks {
    mount
    used
    total
    percent
  }
}
    `, {"fragmentName":"SystemResourcesView"}) as unknown as TypedDocumentString<SystemResourcesViewFragment, unknown>;
export const MetricQueryResultViewFragmentDoc = new TypedDocumentString(`
    fragment MetricQueryResultView on MetricQueryResult {
  query
  resultType
  samples {
    labels {
      name
      value
    }
    value
    valueText
  }
}
    `, {"fragmentName":"MetricQueryResultView"}) as unknown as TypedDocumentString<MetricQueryResultViewFragment, unknown>;
export const ScrapeTargetsViewFragmentDoc = new TypedDocumentString(`
    fragment ScrapeTargetsView on ScrapeTargets {
  up
  down
  unknown
  targets {
    job
    instance
    health
    lastError
  }
}
    `, {"fragmentName":"ScrapeTargetsView"}) as unknown as TypedDocumentString<ScrapeTargetsViewFragment, unknown>;
export const CustomApiValuesViewFragmentDoc = new TypedDocumentString(`
    fragment CustomApiValuesView on CustomApiValues {
  values {
    label
    value
    found
  }
}
    `, {"fragmentName":"CustomApiValuesView"}) as unknown as TypedDocumentString<CustomApiValuesViewFragment, unknown>;
export const CustomApiRowsViewFragmentDoc = new TypedDocumentString(`
    fragment CustomApiRowsView on CustomApiRows {
  total
  rows {
    name
    value
    found
  }
}
    `, {"fragmentName":"CustomApiRowsView"}) as unknown as TypedDocumentString<CustomApiRowsViewFragment, unknown>;
export const PayloadViewFragmentDoc = new TypedDocumentString(`
    fragment PayloadView on Payload {
  __typename
  ...DownloadClientStatusView
  ...DownloadQueueView
  ...DnsBlockerSummaryView
  ...MediaServerActivityView
  ...MediaLibraryCountsView
  ...MediaQueueView
  ...SystemResourcesView
  ...MetricQueryResultView
  ...ScrapeTargetsView
  ...CustomApiValuesView
  ...CustomApiRowsView
}
    fragment DownloadClientStatusView on DownloadClientStatus {
  downloadSpeed
  uploadSpeed
  downloading
  seeding
  paused
  errored
  total
  freeSpace
}
fragment DownloadQueueView on DownloadQueue {
  total
  items {
    id
    name
    state
    progress
    downloadSpeed
    etaSeconds
  }
}
fragment DnsBlockerSummaryView on DnsBlockerSummary {
  queries
  blocked
  percentBlocked
  blockingEnabled
}
fragment MediaServerActivityView on MediaServerActivity {
  playing
  transcoding
  sessions {
    id
    user
    title
    subtitle
    kind
    state
    progress
  }
}
fragment MediaLibraryCountsView on MediaLibraryCounts {
  movies
  series
  episodes
  artists
  albums
  tracks
  books
  podcasts
}
fragment MediaQueueView on MediaQueue {
  total
  items {
    id
    title
    subtitle
    status
    progress
    etaSeconds
  }
}
fragment SystemResourcesView on SystemResources {
  hostname
  cpuPercent
  memoryUsed
  memoryTotal
  memoryPercent
  load1
  uptimeSeconds
  disks {
    mount
    used
    total
    percent
  }
}
fragment MetricQueryResultView on MetricQueryResult {
  query
  resultType
  samples {
    labels {
      name
      value
    }
    value
    valueText
  }
}
fragment ScrapeTargetsView on ScrapeTargets {
  up
  down
  unknown
  targets {
    job
    instance
    health
    lastError
  }
}
fragment CustomApiValuesView on CustomApiValues {
  values {
    label
    value
    found
  }
}
fragment CustomApiRowsView on CustomApiRows {
  total
  rows {
    name
    value
    found
  }
}`, {"fragmentName":"PayloadView"}) as unknown as TypedDocumentString<PayloadViewFragment, unknown>;
export const EndpointDataViewFragmentDoc = new TypedDocumentString(`
    fragment EndpointDataView on EndpointData {
  appId
  endpointId
  fetchedAt
  expiresAt
  stale
  error {
    code
    message
    status
  }
  payload {
    ...PayloadView
  }
  json
}
    fragment PayloadView on Payload {
  __typename
  ...DownloadClientStatusView
  ...DownloadQueueView
  ...DnsBlockerSummaryView
  ...MediaServerActivityView
  ...MediaLibraryCountsView
  ...MediaQueueView
  ...SystemResourcesView
  ...MetricQueryResultView
  ...ScrapeTargetsView
  ...CustomApiValuesView
  ...CustomApiRowsView
}
fragment DownloadClientStatusView on DownloadClientStatus {
  downloadSpeed
  uploadSpeed
  downloading
  seeding
  paused
  errored
  total
  freeSpace
}
fragment DownloadQueueView on DownloadQueue {
  total
  items {
    id
    name
    state
    progress
    downloadSpeed
    etaSeconds
  }
}
fragment DnsBlockerSummaryView on DnsBlockerSummary {
  queries
  blocked
  percentBlocked
  blockingEnabled
}
fragment MediaServerActivityView on MediaServerActivity {
  playing
  transcoding
  sessions {
    id
    user
    title
    subtitle
    kind
    state
    progress
  }
}
fragment MediaLibraryCountsView on MediaLibraryCounts {
  movies
  series
  episodes
  artists
  albums
  tracks
  books
  podcasts
}
fragment MediaQueueView on MediaQueue {
  total
  items {
    id
    title
    subtitle
    status
    progress
    etaSeconds
  }
}
fragment SystemResourcesView on SystemResources {
  hostname
  cpuPercent
  memoryUsed
  memoryTotal
  memoryPercent
  load1
  uptimeSeconds
  disks {
    mount
    used
    total
    percent
  }
}
fragment MetricQueryResultView on MetricQueryResult {
  query
  resultType
  samples {
    labels {
      name
      value
    }
    value
    valueText
  }
}
fragment ScrapeTargetsView on ScrapeTargets {
  up
  down
  unknown
  targets {
    job
    instance
    health
    lastError
  }
}
fragment CustomApiValuesView on CustomApiValues {
  values {
    label
    value
    found
  }
}
fragment CustomApiRowsView on CustomApiRows {
  total
  rows {
    name
    value
    found
  }
}`, {"fragmentName":"EndpointDataView"}) as unknown as TypedDocumentString<EndpointDataViewFragment, unknown>;
export const IntegrationFormFragmentDoc = new TypedDocumentString(`
    fragment IntegrationForm on Integration {
  id
  name
  icon
  docsUrl
  defaultPort
  credentialTypes
  configFields {
    name
    label
    kind
    required
    group
    default
    help
    options
    multiline
    minItems
    maxItems
    itemFields {
      name
      label
      kind
      required
      default
      help
      options
      multiline
      minItems
      maxItems
      itemFields {
        name
        label
        kind
        required
        default
        help
        options
        multiline
      }
    }
  }
}
    `, {"fragmentName":"IntegrationForm"}) as unknown as TypedDocumentString<IntegrationFormFragment, unknown>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard {
  widgets {
    ...DashboardWidget
    data {
      ...EndpointDataView
    }
  }
}
    fragment DashboardWidget on Widget {
  id
  type
  title
  position
  config {
    __typename
    ... on IntegrationWidgetConfig {
      appId
      endpointId
      refreshInterval
    }
    ... on LinkWidgetConfig {
      url
      target
    }
    ... on NoteWidgetConfig {
      text
    }
  }
  app {
    id
    name
    icon
    url
  }
}
fragment EndpointDataView on EndpointData {
  appId
  endpointId
  fetchedAt
  expiresAt
  stale
  error {
    code
    message
    status
  }
  payload {
    ...PayloadView
  }
  json
}
fragment PayloadView on Payload {
  __typename
  ...DownloadClientStatusView
  ...DownloadQueueView
  ...DnsBlockerSummaryView
  ...MediaServerActivityView
  ...MediaLibraryCountsView
  ...MediaQueueView
  ...SystemResourcesView
  ...MetricQueryResultView
  ...ScrapeTargetsView
  ...CustomApiValuesView
  ...CustomApiRowsView
}
fragment DownloadClientStatusView on DownloadClientStatus {
  downloadSpeed
  uploadSpeed
  downloading
  seeding
  paused
  errored
  total
  freeSpace
}
fragment DownloadQueueView on DownloadQueue {
  total
  items {
    id
    name
    state
    progress
    downloadSpeed
    etaSeconds
  }
}
fragment DnsBlockerSummaryView on DnsBlockerSummary {
  queries
  blocked
  percentBlocked
  blockingEnabled
}
fragment MediaServerActivityView on MediaServerActivity {
  playing
  transcoding
  sessions {
    id
    user
    title
    subtitle
    kind
    state
    progress
  }
}
fragment MediaLibraryCountsView on MediaLibraryCounts {
  movies
  series
  episodes
  artists
  albums
  tracks
  books
  podcasts
}
fragment MediaQueueView on MediaQueue {
  total
  items {
    id
    title
    subtitle
    status
    progress
    etaSeconds
  }
}
fragment SystemResourcesView on SystemResources {
  hostname
  cpuPercent
  memoryUsed
  memoryTotal
  memoryPercent
  load1
  uptimeSeconds
  disks {
    mount
    used
    total
    percent
  }
}
fragment MetricQueryResultView on MetricQueryResult {
  query
  resultType
  samples {
    labels {
      name
      value
    }
    value
    valueText
  }
}
fragment ScrapeTargetsView on ScrapeTargets {
  up
  down
  unknown
  targets {
    job
    instance
    health
    lastError
  }
}
fragment CustomApiValuesView on CustomApiValues {
  values {
    label
    value
    found
  }
}
fragment CustomApiRowsView on CustomApiRows {
  total
  rows {
    name
    value
    found
  }
}`) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const IntegrationCatalogueDocument = new TypedDocumentString(`
    query IntegrationCatalogue($category: String) {
  integrations(category: $category) {
    ...IntegrationForm
  }
}
    fragment IntegrationForm on Integration {
  id
  name
  icon
  docsUrl
  defaultPort
  credentialTypes
  configFields {
    name
    label
    kind
    required
    group
    default
    help
    options
    multiline
    minItems
    maxItems
    itemFields {
      name
      label
      kind
      required
      default
      help
      options
      multiline
      minItems
      maxItems
      itemFields {
        name
        label
        kind
        required
        default
        help
        options
        multiline
      }
    }
  }
}`) as unknown as TypedDocumentString<IntegrationCatalogueQuery, IntegrationCatalogueQueryVariables>;
export const IntegrationFormOfDocument = new TypedDocumentString(`
    query IntegrationFormOf($id: ID!) {
  integration(id: $id) {
    ...IntegrationForm
  }
}
    fragment IntegrationForm on Integration {
  id
  name
  icon
  docsUrl
  defaultPort
  credentialTypes
  configFields {
    name
    label
    kind
    required
    group
    default
    help
    options
    multiline
    minItems
    maxItems
    itemFields {
      name
      label
      kind
      required
      default
      help
      options
      multiline
      minItems
      maxItems
      itemFields {
        name
        label
        kind
        required
        default
        help
        options
        multiline
      }
    }
  }
}`) as unknown as TypedDocumentString<IntegrationFormOfQuery, IntegrationFormOfQueryVariables>;
export const CreateAppDocument = new TypedDocumentString(`
    mutation CreateApp($input: CreateAppInput!) {
  createApp(input: $input) {
    __typename
    ... on App {
      id
      name
      integration {
        type
        secrets {
          name
          isSet
        }
      }
    }
    ... on ValidationErrors {
      errors {
        argument
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAppMutation, CreateAppMutationVariables>;
export const LiveEndpointDataDocument = new TypedDocumentString(`
    subscription LiveEndpointData($appId: ID!, $endpointId: ID!, $refreshInterval: Int) {
  integrationData(
    appId: $appId
    endpointId: $endpointId
    refreshInterval: $refreshInterval
  ) {
    ...EndpointDataView
  }
}
    fragment EndpointDataView on EndpointData {
  appId
  endpointId
  fetchedAt
  expiresAt
  stale
  error {
    code
    message
    status
  }
  payload {
    ...PayloadView
  }
  json
}
fragment PayloadView on Payload {
  __typename
  ...DownloadClientStatusView
  ...DownloadQueueView
  ...DnsBlockerSummaryView
  ...MediaServerActivityView
  ...MediaLibraryCountsView
  ...MediaQueueView
  ...SystemResourcesView
  ...MetricQueryResultView
  ...ScrapeTargetsView
  ...CustomApiValuesView
  ...CustomApiRowsView
}
fragment DownloadClientStatusView on DownloadClientStatus {
  downloadSpeed
  uploadSpeed
  downloading
  seeding
  paused
  errored
  total
  freeSpace
}
fragment DownloadQueueView on DownloadQueue {
  total
  items {
    id
    name
    state
    progress
    downloadSpeed
    etaSeconds
  }
}
fragment DnsBlockerSummaryView on DnsBlockerSummary {
  queries
  blocked
  percentBlocked
  blockingEnabled
}
fragment MediaServerActivityView on MediaServerActivity {
  playing
  transcoding
  sessions {
    id
    user
    title
    subtitle
    kind
    state
    progress
  }
}
fragment MediaLibraryCountsView on MediaLibraryCounts {
  movies
  series
  episodes
  artists
  albums
  tracks
  books
  podcasts
}
fragment MediaQueueView on MediaQueue {
  total
  items {
    id
    title
    subtitle
    status
    progress
    etaSeconds
  }
}
fragment SystemResourcesView on SystemResources {
  hostname
  cpuPercent
  memoryUsed
  memoryTotal
  memoryPercent
  load1
  uptimeSeconds
  disks {
    mount
    used
    total
    percent
  }
}
fragment MetricQueryResultView on MetricQueryResult {
  query
  resultType
  samples {
    labels {
      name
      value
    }
    value
    valueText
  }
}
fragment ScrapeTargetsView on ScrapeTargets {
  up
  down
  unknown
  targets {
    job
    instance
    health
    lastError
  }
}
fragment CustomApiValuesView on CustomApiValues {
  values {
    label
    value
    found
  }
}
fragment CustomApiRowsView on CustomApiRows {
  total
  rows {
    name
    value
    found
  }
}`) as unknown as TypedDocumentString<LiveEndpointDataSubscription, LiveEndpointDataSubscriptionVariables>;