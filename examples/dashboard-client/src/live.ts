// Live data over graphql-ws: Tilewire pushes an endpoint's value now and at every refresh.

import { createClient, type Client } from "graphql-ws/client";
import {
  LiveEndpointDataDocument,
  type EndpointDataViewFragment,
  type TypedDocumentString,
} from "./gql/graphql.js";
import type { IntegrationTarget } from "./dashboard.js";

/** How to reach Tilewire's WebSocket (graphql-transport-ws on the GraphQL URL). */
export interface LiveOptions {
  /** The GraphQL URL, http(s) or ws(s): http://127.0.0.1:8000/graphql. */
  readonly url: string;
  /** Sent in connection_init, since a browser cannot set headers on a WebSocket. */
  readonly token?: string | undefined;
  /** A WebSocket class where there is no global one (Node 20: the `ws` package). */
  readonly webSocketImpl?: unknown;
  /** Reconnections after the connection drops (default 5). */
  readonly retryAttempts?: number | undefined;
}

/** What a subscription reports: each value, then an error or the end. */
export interface LiveSink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete?(): void;
}

/** A lazy graphql-ws client: it connects with the first subscription and closes after the last. */
export function connectLive(options: LiveOptions): Client {
  return createClient({
    url: options.url.replace(/^http/, "ws"),
    connectionParams: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    lazy: true,
    retryAttempts: options.retryAttempts ?? 5,
    webSocketImpl: options.webSocketImpl,
  });
}

/** Subscribe with a generated document: `next` gets that document's result type. Returns the
 * function that unsubscribes. */
export function subscribe<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  sink: LiveSink<TResult>,
): () => void {
  return client.subscribe<TResult>(
    { query: document.toString(), variables },
    {
      next: (result) => {
        if (result.errors?.length) sink.error(result.errors.map((e) => e.message).join("; "));
        else if (result.data) sink.next(result.data);
      },
      error: (error) => sink.error(error),
      complete: () => sink.complete?.(),
    },
  );
}

/** Follow the endpoint an INTEGRATION widget shows: its data now and whenever it changes,
 * refreshed at the widget's interval (whole seconds, rounded up: never sooner than asked). */
export function watchEndpoint(
  client: Client,
  target: IntegrationTarget,
  sink: LiveSink<EndpointDataViewFragment>,
): () => void {
  const every = target.refreshInterval;
  const variables = {
    appId: target.appId,
    endpointId: target.endpointId,
    refreshInterval: every === null ? null : Math.max(1, Math.ceil(every)),
  };
  return subscribe(client, LiveEndpointDataDocument, variables, {
    next: (value) => sink.next(value.integrationData),
    error: (error) => sink.error(error),
    complete: () => sink.complete?.(),
  });
}
