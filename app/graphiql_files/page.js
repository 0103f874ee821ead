// Tilewire's GraphiQL page: GraphiQL and its Explorer plugin from Tilewire's own files,
// queries over HTTP and subscriptions over graphql-ws, both on the page's own URL.
(() => {
  "use strict";

  const root = document.getElementById("graphiql");

  if (
    typeof React === "undefined" ||
    typeof ReactDOM === "undefined" ||
    typeof GraphiQL === "undefined" ||
    typeof GraphiQLPluginExplorer === "undefined"
  ) {
    // A file was refused (its SHA-384 differs from the pinned one) or did not load.
    root.className = "tilewire-failure";
    root.textContent =
      "GraphiQL's files did not load (see the browser console). " +
      "Run `tilewire install-graphiql` on the server again, then reload this page.";
    return;
  }

  // Sign-in hook: headers kept for this browser session only, e.g.
  // sessionStorage["tilewire.headers"] = '{"Authorization": "Bearer ..."}'. They go with every
  // request and in graphql-ws's connection_init; the header editor's own headers win.
  const SESSION_HEADERS = "tilewire.headers";

  const sessionHeaders = () => {
    let stored = null;
    try {
      stored = JSON.parse(window.sessionStorage.getItem(SESSION_HEADERS) || "null");
    } catch {
      return {};
    }
    if (stored === null || typeof stored !== "object" || Array.isArray(stored)) {
      return {};
    }
    return Object.fromEntries(
      Object.entries(stored).filter(([, value]) => typeof value === "string"),
    );
  };

  // GraphiQL keeps tabs, history and favourites in localStorage, each with its headers: keep
  // every "headers" out of what it writes there, so that a token typed into the header
  // editor never outlives the browser session.
  const PREFIX = "graphiql:";
  const WITH_HEADERS = new Set(["tabState", "queries", "favorites"].map((k) => PREFIX + k));
  const withoutHeaders = (key, value) => {
    if (key === `${PREFIX}headers`) {
      return null;
    }
    if (!WITH_HEADERS.has(key)) {
      return value;
    }
    try {
      return JSON.stringify(JSON.parse(value), (name, item) =>
        name === "headers" ? undefined : item,
      );
    } catch {
      return value;
    }
  };
  const storage = {
    getItem: (key) => window.localStorage.getItem(key),
    setItem: (key, value) => {
      const kept = withoutHeaders(key, value);
      if (kept === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, kept);
      }
    },
    removeItem: (key) => window.localStorage.removeItem(key),
    clear: () => {
      for (const key of Object.keys(window.localStorage)) {
        if (key.startsWith(PREFIX)) {
          window.localStorage.removeItem(key);
        }
      }
    },
    key: (index) => window.localStorage.key(index),
    get length() {
      return window.localStorage.length;
    },
  };

  const url = new URL(window.location.pathname, window.location.href);
  const subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === "https:" ? "wss:" : "ws:";

  // GraphiQL.createFetcher is @graphiql/toolkit's createGraphiQLFetcher (bundled with its
  // graphql-ws client): subscriptions go over graphql-ws, everything else over HTTP.
  const fetchOverHttpOrWs = GraphiQL.createFetcher({
    url: url.href,
    subscriptionUrl: subscriptionUrl.href,
  });
  const fetcher = (params, options) =>
    fetchOverHttpOrWs(params, {
      ...options,
      headers: { ...sessionHeaders(), ...(options && options.headers) },
    });

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: root.dataset.example,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      storage,
      shouldPersistHeaders: false,
      showPersistHeadersSettings: false,
      isHeadersEditorEnabled: true,
      inputValueDeprecation: true,
    }),
  );
})();
