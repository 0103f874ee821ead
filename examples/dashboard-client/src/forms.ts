// Config forms from the integration catalogue: render one, read it back as an App's
// integrationConfig, and save it. Tilewire validates; the form shows what it says, by field.

import {
  CreateAppDocument,
  IntegrationCatalogueDocument,
  IntegrationFormOfDocument,
  type CreateAppMutation,
  type IntegrationFormFragment,
} from "./gql/graphql.js";
import { execute, type Connection } from "./transport.js";

export type ConfigField = IntegrationFormFragment["configFields"][number];

/** A field of the form or of one item of a list field (named relative to the item). */
export interface FieldShape {
  readonly name: string;
  readonly label: string;
  readonly kind: ConfigField["kind"];
  readonly required: boolean;
  readonly default?: unknown;
  readonly help: string;
  readonly options: readonly string[];
  readonly multiline: boolean;
  readonly minItems?: number | null;
  readonly maxItems?: number | null;
  readonly itemFields?: readonly FieldShape[];
}

/** One way to sign in to the service (`credentials.type`) and its fields. */
export interface CredentialChoice {
  readonly type: string;
  readonly label: string;
  readonly fields: readonly ConfigField[];
}

/** A config form: connection fields, the credential alternatives, the service's own settings. */
export interface FormDescription {
  readonly integration: IntegrationFormFragment;
  readonly connection: readonly ConfigField[];
  readonly credentials: readonly CredentialChoice[];
  readonly extra: readonly ConfigField[];
}

/** What the user entered, by field name (`url`, `credentials.apiKey`): text, or a checkbox. */
export type FormValues = ReadonlyMap<string, string | boolean>;

/** What renderForm shows besides the fields themselves. */
export interface FormState {
  readonly values?: FormValues | undefined;
  /** The chosen credential alternative (default: the first). */
  readonly credentialType?: string | undefined;
  /** Messages by field name; "" for the form as a whole. */
  readonly errors?: ReadonlyMap<string, string> | undefined;
  /** Secret fields already stored (App.integration.secrets): empty keeps them. */
  readonly secretsSet?: ReadonlySet<string> | undefined;
  /** How many items to show of a list field, by its name (at least its minimum, and as
   * many as have values): a page's "add" button asks for one more. */
  readonly listItems?: ReadonlyMap<string, number> | undefined;
}

/** The result of saving: the App, or what Tilewire refused, by form field. */
export type SaveResult =
  | { readonly ok: true; readonly appId: string }
  | { readonly ok: false; readonly errors: ReadonlyMap<string, string> };

const CREDENTIAL_LABELS: ReadonlyMap<string, string> = new Map([
  ["none", "No credentials"],
  ["apiKey", "API key"],
  ["usernamePassword", "Username and password"],
  ["token", "Access token"],
]);

/** Every integration Tilewire knows, as forms (optionally of one category). */
export async function loadCatalogue(
  connection: Connection,
  category: string | null = null,
): Promise<FormDescription[]> {
  const { integrations } = await execute(connection, IntegrationCatalogueDocument, { category });
  return integrations.map(describeForm);
}

/** The form of one integration, or undefined when Tilewire knows no integration `id`. */
export async function loadForm(
  connection: Connection,
  id: string,
): Promise<FormDescription | undefined> {
  const { integration } = await execute(connection, IntegrationFormOfDocument, { id });
  return integration ? describeForm(integration) : undefined;
}

/** The form of one integration, its fields grouped by section (ConfigField.group is
 * `connection`, `credentials:<type>` or `extra`). */
export function describeForm(integration: IntegrationFormFragment): FormDescription {
  const inGroup = (group: string) => integration.configFields.filter((f) => f.group === group);
  return {
    integration,
    connection: inGroup("connection"),
    credentials: integration.credentialTypes.map((type) => ({
      type,
      label: CREDENTIAL_LABELS.get(type) ?? type,
      fields: inGroup(`credentials:${type}`),
    })),
    extra: inGroup("extra"),
  };
}

/** The form as HTML: one input per field by its kind, the credential alternatives as a choice
 * with a fieldset each (the ones not chosen hidden and disabled, so that they are neither
 * validated nor sent), every message beside its field. Everything from outside is escaped. */
export function renderForm(form: FormDescription, state: FormState = {}): string {
  const chosen = state.credentialType ?? form.credentials[0]?.type ?? "none";
  const parts = [`<form data-integration="${escape(form.integration.id)}">`];
  const formError = state.errors?.get("");
  if (formError) parts.push(`<p class="error">${escape(formError)}</p>`);
  parts.push(section("Connection", form.connection, state));
  if (form.credentials.some((c) => c.type !== "none")) {
    const options = form.credentials.map((c) => {
      const selected = c.type === chosen ? " selected" : "";
      return `<option value="${escape(c.type)}"${selected}>${escape(c.label)}</option>`;
    });
    parts.push(
      `<fieldset data-group="credentials"><legend>Sign in</legend>`,
      `<label>Method <select name="credentials.type">${options.join("")}</select></label>`,
    );
    for (const c of form.credentials) {
      const shown = c.type === chosen ? "" : " hidden disabled";
      const attrs = ` data-credentials="${escape(c.type)}"${shown}`;
      parts.push(section(c.label, c.fields, state, attrs));
    }
    parts.push(`</fieldset>`);
  }
  parts.push(section(`${form.integration.name} settings`, form.extra, state));
  parts.push(`<button type="submit">Save</button>`, `</form>`);
  return parts.filter((part) => part !== "").join("\n");
}

function section(
  title: string,
  fields: readonly ConfigField[],
  state: FormState,
  attrs = "",
): string {
  if (fields.length === 0) return "";
  const legend = `<fieldset${attrs}><legend>${escape(title)}</legend>`;
  return [legend, ...fields.map((field) => fieldHtml(field, state)), `</fieldset>`].join("\n");
}

function fieldHtml(field: FieldShape, state: FormState, path: string = field.name): string {
  const error = state.errors?.get(path);
  const help = field.help ? `<small>${escape(field.help)}</small>` : "";
  const message = error ? `<p class="error">${escape(error)}</p>` : "";
  if (field.kind === "LIST") return listHtml(field, state, path) + help + message;
  const value = state.values?.get(path) ?? defaultOf(field);
  const input = inputHtml(field, value, state, path);
  return `<label>${escape(field.label)} ${input}</label>${help}${message}`;
}

/** A list of objects: a fieldset per item, its fields named `<list>.<index>.<field>`. */
function listHtml(field: FieldShape, state: FormState, path: string): string {
  const count = Math.min(
    Math.max(field.minItems ?? 0, itemsEntered(state.values, path), state.listItems?.get(path) ?? 0),
    field.maxItems ?? Number.MAX_SAFE_INTEGER,
  );
  const parts = [`<fieldset data-list="${escape(path)}"><legend>${escape(field.label)}</legend>`];
  for (let index = 0; index < count; index += 1) {
    const item = `${path}.${index}`;
    parts.push(`<fieldset data-item="${escape(item)}">`);
    for (const sub of field.itemFields ?? []) parts.push(fieldHtml(sub, state, `${item}.${sub.name}`));
    parts.push(`</fieldset>`);
  }
  parts.push(`</fieldset>`);
  return parts.join("\n");
}

/** How many items of the list at `path` have a value entered (the highest index, plus one). */
function itemsEntered(values: FormValues | undefined, path: string): number {
  let count = 0;
  for (const name of values?.keys() ?? []) {
    if (!name.startsWith(`${path}.`)) continue;
    const index = Number(name.slice(path.length + 1).split(".", 1)[0]);
    if (Number.isInteger(index) && index >= 0) count = Math.max(count, index + 1);
  }
  return count;
}

function inputHtml(
  field: FieldShape,
  value: string | boolean,
  state: FormState,
  path: string,
): string {
  const name = `name="${escape(path)}"`;
  const required = field.required ? " required" : "";
  const text = typeof value === "string" ? escape(value) : "";
  switch (field.kind) {
    case "STRING":
      return field.multiline
        ? `<textarea ${name}${required}>${text}</textarea>`
        : `<input type="text" ${name} value="${text}"${required}>`;
    case "SECRET": {
      // Write-only: a stored secret is never sent back; leaving the field empty keeps it.
      if (state.secretsSet?.has(path)) {
        const keep = `placeholder="set: leave empty to keep"`;
        return `<input type="password" ${name} autocomplete="new-password" ${keep}>`;
      }
      return `<input type="password" ${name} autocomplete="new-password"${required}>`;
    }
    case "URL":
      return `<input type="url" ${name} value="${text}"${required}>`;
    case "NUMBER":
      return `<input type="number" ${name} value="${text}" step="any"${required}>`;
    case "BOOLEAN":
      return `<input type="checkbox" ${name}${value === true ? " checked" : ""}>`;
    case "SELECT": {
      const options = field.options.map((option) => {
        const selected = option === value ? " selected" : "";
        return `<option value="${escape(option)}"${selected}>${escape(option)}</option>`;
      });
      return `<select ${name}${required}>${options.join("")}</select>`;
    }
    case "LIST":
      return listHtml(field, state, path);
    default:
      return unknownKind(field.kind, name, text);
  }
}

function unknownKind(kind: never, name: string, text: string): string {
  // A field kind added to the schema after this client was generated: a text input will do.
  return `<input type="text" ${name} value="${text}" data-kind="${escape(String(kind))}">`;
}

function defaultOf(field: FieldShape): string | boolean {
  const value = field.default;
  if (typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "string") return String(value);
  return "";
}

/** The integrationConfig JSON of the entered values: `credentials.apiKey` becomes
 * `{credentials: {type, apiKey}}`. An empty optional field is left out (the default applies;
 * an empty secret keeps the stored one); a number that does not parse is sent as entered, so
 * that Tilewire's message names the field. */
export function configFromForm(
  form: FormDescription,
  values: FormValues,
  credentialType: string = form.credentials[0]?.type ?? "none",
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const choice = form.credentials.find((c) => c.type === credentialType);
  if (choice === undefined) {
    throw new RangeError(`${form.integration.id} has no credentials ${credentialType}`);
  }
  if (form.credentials.length > 1 || choice.type !== "none") {
    setPath(config, "credentials.type", choice.type);
  }
  for (const field of [...form.connection, ...choice.fields, ...form.extra]) {
    const value = valueOf(field, field.name, values);
    if (value !== undefined) setPath(config, field.name, value);
  }
  return config;
}

/** The JSON of one field at `path`: undefined when nothing was entered. A list is its items
 * that have any value entered, each an object of its fields. */
function valueOf(field: FieldShape, path: string, values: FormValues): unknown {
  if (field.kind === "LIST") {
    const items: Record<string, unknown>[] = [];
    for (let index = 0; index < itemsEntered(values, path); index += 1) {
      const item: Record<string, unknown> = {};
      for (const sub of field.itemFields ?? []) {
        const value = valueOf(sub, `${path}.${index}.${sub.name}`, values);
        if (value !== undefined) setPath(item, sub.name, value);
      }
      if (Object.keys(item).length > 0) items.push(item);
    }
    return items.length > 0 ? items : undefined;
  }
  const raw = values.get(path);
  if (raw === undefined || raw === "") return undefined;
  return field.kind === "NUMBER" && typeof raw === "string" ? numberOr(raw) : raw;
}

function numberOr(raw: string): number | string {
  const parsed = Number(raw);
  return raw.trim() !== "" && Number.isFinite(parsed) ? parsed : raw;
}

const UNSAFE_KEYS = new Set(["__proto__", "prototype", "constructor"]);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop();
  if (last === undefined || [...keys, last].some((k) => k === "" || UNSAFE_KEYS.has(k))) {
    throw new RangeError(`not a config field name: ${path}`);
  }
  let node = target;
  for (const key of keys) {
    const child = node[key];
    if (typeof child === "object" && child !== null && !Array.isArray(child)) {
      node = child as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[last] = value;
}

/** Create an App from a filled-in form (needs an admin). Refusals come back by form field:
 * Tilewire names `integrationConfig.credentials.apiKey`, the form knows `credentials.apiKey`. */
export async function createApp(
  connection: Connection,
  name: string,
  form: FormDescription,
  values: FormValues,
  credentialType?: string,
): Promise<SaveResult> {
  const input = {
    name,
    integrationType: form.integration.id,
    integrationConfig: configFromForm(form, values, credentialType),
  };
  const { createApp: result } = await execute(connection, CreateAppDocument, { input });
  return saveResult(result);
}

function saveResult(result: CreateAppMutation["createApp"]): SaveResult {
  switch (result.__typename) {
    case "App":
      return { ok: true, appId: result.id };
    case "ValidationErrors": {
      const errors = new Map<string, string>();
      for (const error of result.errors) {
        // Errors in the config are keyed as the form names its fields ("" for the config as a
        // whole); errors in other arguments (the name) by the argument.
        const field =
          error.argument === "integrationConfig"
            ? (error.field ?? "")
            : [error.argument, error.field].filter((part) => part !== null).join(".");
        const known = errors.get(field);
        errors.set(field, known ? `${known}; ${error.message}` : error.message);
      }
      return { ok: false, errors };
    }
    default:
      return unknownResult(result);
  }
}

function unknownResult(result: never): SaveResult {
  const typename: unknown = (result as { __typename?: unknown }).__typename;
  return { ok: false, errors: new Map([["", `unexpected answer: ${String(typename)}`]]) };
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside HTML content and double-quoted attributes. */
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
