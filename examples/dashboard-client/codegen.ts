// GraphQL Code Generator: typed documents for src/documents/*.graphql, checked against the
// schema Tilewire exports (schema/schema.graphql). `npm run codegen` writes src/gql/.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  // TILEWIRE_SCHEMA: another SDL to check the documents against (a proposed schema change).
  schema: process.env["TILEWIRE_SCHEMA"] ?? "../../schema/schema.graphql",
  documents: ["src/documents/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as strings: fetch() and graphql-ws send text, so no GraphQL AST at run time.
        documentMode: "string",
        // Enums as string unions, so that a switch over one can be checked for exhaustiveness.
        enumsAsTypes: true,
        useTypeImports: true,
        // Explicit .js import paths: the output runs as ES modules under Node and in browsers.
        importExtension: ".js",
        // A scalar the schema adds must be mapped here, not silently become `any`.
        strictScalars: true,
        scalars: { DateTime: "string", Long: "number", JSON: "unknown" },
      },
    },
  },
};

export default config;
