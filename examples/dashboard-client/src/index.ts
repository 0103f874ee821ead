// A typed Tilewire dashboard client: the dashboard over fetch(), live values over graphql-ws,
// config forms from the integration catalogue. Types come from GraphQL Code Generator over the
// schema Tilewire exports, so a schema change that breaks this client fails `npm run check`.

export { execute, TilewireRequestError, type Connection } from "./transport.js";
export {
  integrationTarget,
  loadDashboard,
  tileOf,
  tileText,
  withData,
  type Dashboard,
  type IntegrationTarget,
  type Tile,
  type TileState,
} from "./dashboard.js";
export { renderPayload, type Row, type TileBody } from "./payloads.js";
export { connectLive, subscribe, watchEndpoint, type LiveOptions, type LiveSink } from "./live.js";
export {
  configFromForm,
  createApp,
  describeForm,
  loadCatalogue,
  renderForm,
  type ConfigField,
  type CredentialChoice,
  type FormDescription,
  type FormState,
  type FormValues,
  type SaveResult,
} from "./forms.js";
export type * from "./gql/graphql.js";
