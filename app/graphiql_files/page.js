// Tilewire's GraphiQL page: GraphiQL and its Explorer plugin from Tilewire's own files,
// queries over HTTP and subscriptions over graphql-ws, both on the page's own URL; above them,
// when authentication is on, a sign-in bar that keeps an API key for the browser session.
(() => {
  "use strict";

  const root = document.getElementById("graphiql");
  const bar = document.getElementById("tilewire-signin");

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

  // Headers kept for this browser session only (sessionStorage, never localStorage or a
  // cookie), e.g. {"Authorization": "Bearer tw_..."} once signed in. They go with every request
  // and in graphql-ws's connection_init; the header editor's own headers win.
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

  const keepHeaders = (headers) => {
    if (Object.keys(headers).length === 0) {
      window.sessionStorage.removeItem(SESSION_HEADERS);
    } else {
      window.sessionStorage.setItem(SESSION_HEADERS, JSON.stringify(headers));
    }
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
  // Subscriptions running (graphql-ws's iterators), to be stopped when who signed in changes:
  // unmounting GraphiQL alone would leave them streaming to the old credentials.
  const running = new Set();
  const tracked = (iterable) => {
    const iterator = iterable[Symbol.asyncIterator]();
    running.add(iterator);
    const settled = (result) => {
      if (result.done) {
        running.delete(iterator);
      }
      return result;
    };
    const failed = (error) => {
      running.delete(iterator);
      throw error;
    };
    // An object, not an async generator: GraphiQL's stop button calls return() while next()
    // waits, which a generator would queue until the next event arrives.
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => iterator.next().then(settled, failed),
      return: (value) => {
        running.delete(iterator);
        return iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value });
      },
      throw: (error) => {
        running.delete(iterator);
        return iterator.throw ? iterator.throw(error) : Promise.reject(error);
      },
    };
  };
  const stopRunning = () => {
    for (const iterator of running) {
      if (iterator.return) {
        iterator.return();
      }
    }
    running.clear();
  };

  const fetcher = async (params, options) => {
    const result = await fetchOverHttpOrWs(params, {
      ...options,
      headers: { ...sessionHeaders(), ...(options && options.headers) },
    });
    return result && typeof result[Symbol.asyncIterator] === "function" ? tracked(result) : result;
  };

  const graphiql = ReactDOM.createRoot(root);
  let mounted = 0;
  // Mounted afresh at every sign-in and sign-out: the schema is fetched again with the new
  // credentials, and what ran with the old ones stops.
  const showGraphiQL = () => {
    stopRunning();
    mounted += 1;
    graphiql.render(
      React.createElement(GraphiQL, {
        key: mounted,
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
  };

  // --- Signing in --------------------------------------------------------------------------
  // The server says whether sign-in is needed: `me` answers UNAUTHENTICATED without
  // credentials when authentication is on, and `via: NONE` when it is off.
  const ME = "query TilewireSignIn { me { name role via } }";
  const ASK_TIMEOUT_MS = 15000;
  const MAX_KEY_LENGTH = 4096;
  const PRINTABLE = /^[\x21-\x7e]+$/;

  const askMe = async (headers) => {
    const abort = new AbortController();
    const timer = window.setTimeout(() => abort.abort(), ASK_TIMEOUT_MS);
    try {
      const response = await fetch(url.href, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
        body: JSON.stringify({ query: ME }),
        signal: abort.signal,
        cache: "no-store",
      });
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      const error = body && Array.isArray(body.errors) ? body.errors[0] : null;
      if (error && typeof error.message === "string") {
        const code = error.extensions && error.extensions.code;
        return { failure: error.message, code };
      }
      const me = body && body.data && body.data.me;
      if (!me || typeof me.via !== "string") {
        return { failure: `the server did not answer with GraphQL (HTTP ${response.status})` };
      }
      return { me };
    } catch {
      return {
        failure: abort.signal.aborted
          ? `the server did not answer in ${ASK_TIMEOUT_MS / 1000} s`
          : "the server could not be reached",
      };
    } finally {
      window.clearTimeout(timer);
    }
  };

  const element = (tag, properties, ...children) => {
    const made = Object.assign(document.createElement(tag), properties);
    made.append(...children);
    return made;
  };

  const signedInAs = (me) =>
    `Signed in ${me.name ? `as ${me.name} ` : ""}(${me.role.toLowerCase()})` +
    (me.via === "PROXY" ? " through the proxy" : "");

  const showSignedIn = (me) => {
    const items = [element("span", { className: "tilewire-who", textContent: signedInAs(me) })];
    if (sessionHeaders().Authorization !== undefined) {
      const signOut = element("button", { type: "button", textContent: "Sign out" });
      signOut.addEventListener("click", () => {
        signOut.disabled = true;
        const { Authorization: _, ...rest } = sessionHeaders();
        keepHeaders(rest);
        refresh("Signed out.");
      });
      items.push(signOut);
    }
    bar.replaceChildren(...items);
    bar.hidden = false;
  };

  const showForm = (message, isError) => {
    const key = element("input", {
      id: "tilewire-key",
      type: "password",
      autocomplete: "off",
      spellcheck: false,
      required: true,
      maxLength: MAX_KEY_LENGTH,
      placeholder: "tw_…",
    });
    key.setAttribute("autocapitalize", "off");
    const note = element("span", { className: "tilewire-note", textContent: message || "" });
    note.setAttribute("role", isError ? "alert" : "status");
    note.classList.toggle("tilewire-error", Boolean(isError));
    const submit = element("button", { type: "submit", textContent: "Sign in" });
    // No name on the field and no action: the key never goes into a URL, even if this script
    // stopped before preventDefault (and the policy's form-action 'none' refuses that too).
    const form = element(
      "form",
      { className: "tilewire-form", noValidate: true },
      element("label", { htmlFor: "tilewire-key", textContent: "API key" }),
      key,
      submit,
      note,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const credential = key.value.trim();
      key.value = ""; // out of the page as soon as it is read
      const fail = (message) => {
        note.textContent = message;
        note.setAttribute("role", "alert");
        note.classList.add("tilewire-error");
        key.focus();
      };
      if (!credential) {
        fail("Enter an API key.");
        return;
      }
      if (credential.length > MAX_KEY_LENGTH || !PRINTABLE.test(credential)) {
        fail("That is not an API key: keys have no spaces and only ASCII characters.");
        return;
      }
      submit.disabled = true;
      note.textContent = "Checking…";
      note.setAttribute("role", "status");
      note.classList.remove("tilewire-error");
      const answer = await askMe({ Authorization: `Bearer ${credential}` });
      submit.disabled = false;
      if (answer.me && (answer.me.via === "API_KEY" || answer.me.via === "JWT")) {
        keepHeaders({ ...sessionHeaders(), Authorization: `Bearer ${credential}` });
        showSignedIn(answer.me);
        showGraphiQL();
      } else if (answer.me) {
        refresh(); // signed in another way (authentication off, or by a proxy): nothing to keep
      } else {
        fail(answer.failure);
      }
    });
    bar.replaceChildren(form);
    bar.hidden = false;
    key.focus();
  };

  // Who this session is, shown above a GraphiQL (re)mounted for it.
  const refresh = async (message) => {
    const stored = sessionHeaders();
    const answer = await askMe(stored);
    if (answer.me) {
      if (answer.me.via === "NONE") {
        bar.replaceChildren();
        bar.hidden = true; // authentication is off: nothing to sign in to
      } else {
        showSignedIn(answer.me);
      }
    } else if (answer.code === "UNAUTHENTICATED" && stored.Authorization !== undefined) {
      // The session's key was revoked or its token expired: forget it.
      const { Authorization: _, ...rest } = stored;
      keepHeaders(rest);
      showForm(`Signed out: ${answer.failure}`, true);
    } else if (answer.code === "UNAUTHENTICATED") {
      showForm(message, false);
    } else {
      showForm(answer.failure, true); // e.g. the key cannot be checked now: it is kept
    }
    showGraphiQL();
  };

  refresh();
})();
