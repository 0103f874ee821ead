// Compiles each JSON Schema with ajv's JSON Schema 2020-12 validator in strict mode, as a
// browser form would, and validates each case against its schema.
// stdin: {"schemas": {"<id>": <schema>}, "cases": [{"schema": "<id>", "data": <value>}]}
// stdout: {"compileErrors": {"<id>": "<message>"}, "results": [{"valid": bool, "errors": [...]}]}
import Ajv2020 from "ajv/dist/2020.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const validators = {};
const compileErrors = {};
for (const [id, schema] of Object.entries(job.schemas)) {
  // A fresh instance per schema: every integration's $defs are its own.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  try {
    validators[id] = ajv.compile(schema);
  } catch (error) {
    compileErrors[id] = String(error && error.message ? error.message : error);
  }
}

const results = job.cases.map(({ schema, data }) => {
  const validate = validators[schema];
  if (!validate) return { valid: null, errors: ["schema did not compile"] };
  const valid = validate(data);
  const errors = (validate.errors || []).map((e) => `${e.instancePath} ${e.keyword}: ${e.message}`);
  return { valid, errors };
});

process.stdout.write(JSON.stringify({ compileErrors, results }));
