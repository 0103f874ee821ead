// node --test build/: config forms, without a server.

import assert from "node:assert/strict";
import { test } from "node:test";
import { configFromForm, describeForm, escape, renderForm } from "./forms.js";
import type { IntegrationFormFragment } from "./gql/graphql.js";

type Field = IntegrationFormFragment["configFields"][number];

function field(
  name: string,
  kind: Field["kind"],
  group: string,
  extra: Partial<Field> = {},
): Field {
  return {
    name,
    label: name,
    kind,
    required: false,
    group,
    default: null,
    help: "",
    options: [],
    multiline: false,
    minItems: null,
    maxItems: null,
    itemFields: [],
    ...extra,
  };
}

const demo = describeForm({
  id: "demo",
  name: "Demo <Service>",
  icon: "demo",
  docsUrl: "https://example.org/",
  defaultPort: null,
  credentialTypes: ["apiKey", "usernamePassword"],
  configFields: [
    field("url", "URL", "connection", { required: true }),
    field("verifyTls", "BOOLEAN", "connection", { default: true }),
    field("timeout", "NUMBER", "connection", { default: 10 }),
    field("credentials.apiKey", "SECRET", "credentials:apiKey", { required: true }),
    field("credentials.username", "STRING", "credentials:usernamePassword", { required: true }),
    field("credentials.password", "SECRET", "credentials:usernamePassword"),
    field("extra.site", "SELECT", "extra", { options: ["default", "other"], default: "default" }),
    field("extra.note", "STRING", "extra", { label: 'Note <script>"', multiline: true }),
  ],
});

test("fields are grouped by section, credential alternatives in order", () => {
  assert.deepEqual(
    demo.connection.map((f) => f.name),
    ["url", "verifyTls", "timeout"],
  );
  assert.deepEqual(
    demo.credentials.map((c) => [c.type, c.label, c.fields.map((f) => f.name)]),
    [
      ["apiKey", "API key", ["credentials.apiKey"]],
      [
        "usernamePassword",
        "Username and password",
        ["credentials.username", "credentials.password"],
      ],
    ],
  );
  assert.deepEqual(
    demo.extra.map((f) => f.name),
    ["extra.site", "extra.note"],
  );
});

test("config JSON nests by path and carries the chosen credential type", () => {
  const values = new Map<string, string | boolean>([
    ["url", "http://127.0.0.1:8080"],
    ["verifyTls", false],
    ["timeout", "7.5"],
    ["credentials.username", "ada"],
    ["credentials.password", ""],
    ["credentials.apiKey", "ignored: not the chosen alternative"],
    ["extra.site", "other"],
  ]);
  assert.deepEqual(configFromForm(demo, values, "usernamePassword"), {
    url: "http://127.0.0.1:8080",
    verifyTls: false,
    timeout: 7.5,
    credentials: { type: "usernamePassword", username: "ada" },
    extra: { site: "other" },
  });
});

test("a number that does not parse is sent as entered, for Tilewire to name the field", () => {
  const config = configFromForm(demo, new Map([["timeout", "soon"]]));
  assert.equal(config["timeout"], "soon");
});

test("an unknown credential type or an unsafe field name is refused", () => {
  assert.throws(() => configFromForm(demo, new Map(), "oauth"), RangeError);
  const hostile = describeForm({
    ...demo.integration,
    configFields: [field("__proto__.polluted", "STRING", "connection")],
  });
  const values = new Map([["__proto__.polluted", "yes"]]);
  assert.throws(() => configFromForm(hostile, values), RangeError);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("the form shows the chosen alternative, hides the others, and escapes what it shows", () => {
  const html = renderForm(demo, {
    credentialType: "usernamePassword",
    values: new Map([["url", 'http://x/"><script>']]),
    errors: new Map([["url", "must be <http>"], ["", "Fix the fields below"]]),
    secretsSet: new Set(["credentials.password"]),
  });
  assert.match(html, /<fieldset data-credentials="apiKey" hidden disabled>/);
  assert.match(html, /<fieldset data-credentials="usernamePassword">/);
  assert.match(html, /<option value="usernamePassword" selected>/);
  assert.match(html, /value="http:\/\/x\/&quot;&gt;&lt;script&gt;" required/);
  assert.match(html, /<p class="error">must be &lt;http&gt;<\/p>/);
  assert.match(html, /<p class="error">Fix the fields below<\/p>/);
  // A stored secret: never shown, not required (empty keeps it).
  const kept = 'name="credentials.password" autocomplete="new-password" placeholder="set: leave';
  assert.ok(html.includes(`<input type="password" ${kept} empty to keep">`), html);
  assert.match(html, /<input type="checkbox" name="verifyTls" checked>/);
  assert.match(html, /<option value="default" selected>default<\/option>/);
  assert.match(html, /<textarea name="extra.note"><\/textarea>/);
  assert.match(html, /<legend>Demo &lt;Service&gt; settings<\/legend>/);
  assert.doesNotMatch(html, /<script>/);
  assert.equal(
    escape(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
});

type ItemField = Field["itemFields"][number];

function itemField(name: string, kind: Field["kind"], extra: Partial<ItemField> = {}): ItemField {
  return {
    name,
    label: name,
    kind,
    required: false,
    default: null,
    help: "",
    options: [],
    multiline: false,
    minItems: null,
    maxItems: null,
    itemFields: [],
    ...extra,
  };
}

const listed = describeForm({
  ...demo.integration,
  configFields: [
    field("url", "URL", "connection", { required: true }),
    field("extra.mappings", "LIST", "extra", {
      minItems: 1,
      maxItems: 3,
      itemFields: [
        itemField("selector", "STRING", { required: true }),
        itemField("scale", "NUMBER", { default: 1 }),
        itemField("remap", "LIST", {
          itemFields: [
            { name: "from", label: "from", kind: "STRING", required: false, default: null,
              help: "", options: [], multiline: false },
            { name: "to", label: "to", kind: "STRING", required: false, default: null,
              help: "", options: [], multiline: false },
          ],
        }),
      ],
    }),
    field("extra.list.limit", "NUMBER", "extra"),
  ],
});

test("a list field renders an item per entry and sends an array of objects", () => {
  const values = new Map<string, string | boolean>([
    ["extra.mappings.0.selector", "$.a"],
    ["extra.mappings.1.selector", "b.0"],
    ["extra.mappings.1.scale", "8"],
    ["extra.mappings.1.remap.0.from", "1"],
    ["extra.mappings.1.remap.0.to", "up"],
    ["extra.list.limit", "5"],
  ]);
  assert.deepEqual(configFromForm(listed, values), {
    credentials: { type: "apiKey" },
    extra: {
      mappings: [{ selector: "$.a" }, { selector: "b.0", scale: 8, remap: [{ from: "1", to: "up" }] }],
      list: { limit: 5 },
    },
  });
  const html = renderForm(listed, {
    values,
    errors: new Map([["extra.mappings.1.selector", "is not a selector"]]),
    listItems: new Map([["extra.mappings", 9]]),
  });
  assert.match(html, /<fieldset data-list="extra.mappings"><legend>extra.mappings<\/legend>/);
  assert.match(html, /<input type="text" name="extra.mappings.1.selector" value="b.0" required>/);
  assert.match(html, /<input type="text" name="extra.mappings.1.remap.0.to" value="up">/);
  assert.match(html, /<p class="error">is not a selector<\/p>/);
  // at most maxItems items, however many are asked for
  assert.match(html, /data-item="extra.mappings.2"/);
  assert.doesNotMatch(html, /data-item="extra.mappings.3"/);
  // with nothing entered: the minimum number of items
  const empty = renderForm(listed);
  assert.match(empty, /data-item="extra.mappings.0"/);
  assert.doesNotMatch(empty, /data-item="extra.mappings.1"/);
});
