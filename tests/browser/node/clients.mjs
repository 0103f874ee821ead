// The GraphQL clients a browser dashboard uses (graphql-ws, graphql-sse), driven against a
// running Tilewire. Reads one JSON job from argv[2]; prints one JSON line per event and exits.
//
// job: {client: "ws" | "sse", url, query, subscription, variables, token?, origin?, next: N,
//       timeoutMs}
import { createClient as createWsClient } from "graphql-ws";
import { createClient as createSseClient } from "graphql-sse";
import WebSocket from "ws";

const job = JSON.parse(process.argv[2]);
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const auth = job.token ? { Authorization: `Bearer ${job.token}` } : {};

setTimeout(() => {
  emit({ event: "timeout" });
  process.exit(2);
}, job.timeoutMs).unref();

function browserLikeSocket() {
  // A browser's socket: sends the page's Origin; counts binary frames, which a browser
  // hands to the page as Blobs that graphql-ws cannot read.
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, job.origin ? { origin: job.origin } : {});
      this.on("message", (_data, isBinary) => {
        if (isBinary) emit({ event: "binaryFrame" });
      });
    }
  };
}

function wsClient() {
  return createWsClient({
    url: job.url.replace(/^http/, "ws"),
    webSocketImpl: browserLikeSocket(),
    connectionParams: auth,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (e) => emit({ event: "closed", code: e.code, reason: e.reason }) },
  });
}

function sseClient() {
  return createSseClient({
    url: job.url,
    headers: job.origin ? { ...auth, Origin: job.origin } : auth,
    retryAttempts: 0,
  });
}

const client = job.client === "sse" ? sseClient() : wsClient();

async function main() {
  if (job.query) {
    const result = await client.iterate({ query: job.query }).next();
    emit({ event: "query", result: result.value });
  }
  if (job.subscription) {
    const subscription = client.iterate({ query: job.subscription, variables: job.variables });
    let received = 0;
    for await (const value of subscription) {
      emit({ event: "next", payload: value });
      received += 1;
      if (received >= job.next) break; // unsubscribes (complete) as a page leaving would
    }
  }
  emit({ event: "done" });
}

main()
  .catch((err) => {
    const detail = err instanceof Error ? err.message : err;
    emit({ event: "failed", error: typeof detail === "string" ? detail : String(detail?.reason ?? JSON.stringify(detail)) });
    process.exitCode = 1;
  })
  .finally(() => {
    client.dispose();
    setTimeout(() => process.exit(), 200).unref();
  });
