// Typed GraphQL over fetch(): a document generated from src/documents/*.graphql goes in, the
// result type of that document comes out.

import type { TypedDocumentString } from "./gql/graphql.js";

/** Where Tilewire is and who is asking. */
export interface Connection {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:8000/graphql. */
  readonly url: string;
  /** A JWT or an API key, sent as `Authorization: Bearer`; omitted with authentication off. */
  readonly token?: string | undefined;
  /** Milliseconds one request may take (default 15 000). */
  readonly timeoutMs?: number | undefined;
}

/** The request failed as a whole: HTTP status, network, or top-level GraphQL errors. Expected
 * failures (a service down, a form field refused) are typed results instead, not this. */
export class TilewireRequestError extends Error {
  override readonly name = "TilewireRequestError";

  constructor(
    message: string,
    /** The HTTP status, null when no response arrived. */
    readonly status: number | null,
    /** Messages of the GraphQL errors, if the response had any. */
    readonly messages: readonly string[] = [],
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A document without variables takes none; one with variables requires them. */
type VariablesArgument<TVariables> =
  TVariables extends Record<string, never> ? [] : [variables: TVariables];

/** Run a query or mutation; its typed `data`. */
export async function execute<TResult, TVariables>(
  connection: Connection,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: VariablesArgument<TVariables>
): Promise<TResult> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/graphql-response+json, application/json",
  };
  if (connection.token) headers["Authorization"] = `Bearer ${connection.token}`;
  let response: Response;
  try {
    response = await fetch(connection.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      signal: AbortSignal.timeout(connection.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    throw new TilewireRequestError(`${connection.url}: ${describe(err)}`, null);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new TilewireRequestError(
      `${connection.url} answered ${response.status} without a GraphQL response`,
      response.status,
    );
  }
  const messages = errorMessages(body);
  if (messages.length > 0) {
    throw new TilewireRequestError(messages.join("; "), response.status, messages);
  }
  if (!response.ok || !isRecord(body) || !isRecord(body["data"])) {
    const status = response.status;
    throw new TilewireRequestError(`${connection.url} answered ${status}`, status);
  }
  // The document's result type: what the server executes is exactly this document, validated
  // against the schema the types were generated from.
  return body["data"] as TResult;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorMessages(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body["errors"])) return [];
  return body["errors"].map((error: unknown) =>
    isRecord(error) && typeof error["message"] === "string" ? error["message"] : "unknown error",
  );
}

function describe(err: unknown): string {
  if (err instanceof DOMException && err.name === "TimeoutError") return "no answer in time";
  return err instanceof Error ? err.message : String(err);
}
