// Node: print a Tilewire dashboard once, then the first live value of its first INTEGRATION
// widget, as JSON lines. Shows the client working end to end; `npm run build` compiles it.
//
//   node build/print-dashboard.js http://127.0.0.1:8000/graphql [--form <integration>]
//
// TILEWIRE_TOKEN: a viewer's token (unset with authentication off). TILEWIRE_ADMIN_TOKEN, with
// --form: also submit that integration's form empty, to show Tilewire's refusals by field
// (every form needs at least a URL, so nothing is created).

import WebSocket from "ws";
import { loadDashboard, integrationTarget, tileOf, tileText } from "./dashboard.js";
import { createApp, loadForm, renderForm } from "./forms.js";
import { connectLive, watchEndpoint } from "./live.js";
import type { Connection } from "./transport.js";

const TIMEOUT_MS = 20_000;

function emit(event: string, detail: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ event, ...detail })}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  const url = argv[0];
  if (url === undefined) {
    throw new Error("usage: print-dashboard <graphql url> [--form <integration>]");
  }
  const formIndex = argv.indexOf("--form");
  const formOf = formIndex >= 0 ? argv[formIndex + 1] : undefined;
  const connection: Connection = { url, token: process.env["TILEWIRE_TOKEN"] };

  if (formOf !== undefined) {
    const form = await loadForm(connection, formOf);
    if (form === undefined) throw new Error(`no integration ${formOf}`);
    emit("form", { integration: formOf, html: renderForm(form) });
    const admin = process.env["TILEWIRE_ADMIN_TOKEN"];
    if (admin) {
      const saved = await createApp({ url, token: admin }, "from a form", form, new Map());
      const errors = saved.ok ? null : Object.fromEntries(saved.errors);
      emit("saved", saved.ok ? { appId: saved.appId } : { errors });
    }
  }

  const dashboard = await loadDashboard(connection);
  for (const tile of dashboard.tiles) emit("tile", { tile, text: tileText(tile) });

  const widget = dashboard.widgets.find((w) => w.type === "INTEGRATION");
  const target = widget ? integrationTarget(widget.config) : null;
  if (widget === undefined || target === null) return;
  const client = connectLive({
    url,
    token: connection.token,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const stop = watchEndpoint(client, target, {
        next: (data) => {
          emit("live", { tile: tileOf(widget, data) });
          stop();
          resolve();
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: resolve,
      });
    });
  } finally {
    await client.dispose();
  }
}

const timer = setTimeout(() => {
  emit("timeout", { afterMs: TIMEOUT_MS });
  process.exit(2);
}, TIMEOUT_MS);
timer.unref();

main(process.argv.slice(2)).then(
  () => emit("done", {}),
  (error: unknown) => {
    emit("failed", { error: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  },
);
