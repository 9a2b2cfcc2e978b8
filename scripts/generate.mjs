// npm run generate: the bundled spec -> everything in generated/ (types, runtime table, method signatures), and the
// same for the local server's development API (openapi/dev/ -> server/generated/dev-*).
// Deterministic: the same spec always gives byte-identical files.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundle } from "./bundle.mjs";
import { root, runTool } from "./tools.mjs";

const bannerFor = (source, readme) => `/**
 * DO NOT EDIT: generated from ${source} by \`npm run generate\` (scripts/generate.mjs).
 * See ${readme}.
 */
`;
const BANNER = bannerFor("openapi/", "generated/README.md");
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];
// Schema keywords that matter for validating a value; everything else (descriptions, examples, xml) is dropped.
const INPUT_KEYWORDS = [
  "type", "enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "required", "properties", "patternProperties",
  "additionalProperties", "items", "anyOf", "oneOf", "allOf", "contentMediaType",
];
// Responses are checked for their promised shape only (types and required fields), not for enum members or
// patterns: a new device type or message wording from Authy must not break a working integration.
const RESULT_KEYWORDS = ["type", "required", "properties", "additionalProperties", "items", "anyOf", "oneOf", "allOf"];

/** The bundled spec being rendered ($refs resolve against it). */
let spec;

/**
 * Every file of generated/ except schema.d.ts (openapi-typescript writes that one), rendered from a bundled spec:
 * `{ "runtime.ts": text, ... }`. Pure, so test/generator.test.ts can render and compare in-process.
 */
export function renderGenerated(bundledSpec) {
  spec = bundledSpec;
  const table = buildOperationTable(spec);
  return {
    "runtime.ts": renderRuntime(spec, table),
    "operations.ts": renderOperationTypes(spec, table),
    "error-codes.ts": renderErrorCodes(spec),
    "webhook-schemas.ts": renderWebhookSchemas(),
    "operation-ids.ts": `${BANNER}
import type { OperationId } from "./operations.js";

/** Every operationId, so the client can create its methods without loading the runtime table. */
export const operationIds: readonly OperationId[] = ${JSON.stringify(table.map((o) => o.id), null, 2)};
`,
    "credential-patterns.ts": renderCredentialPatterns(table),
  };
}

// Stryker disable all: the command-line entry and generateSchemaTypes write files and run openapi-typescript; npm run
// generate and CI's stale-generated check run them, the tests render in-process through renderGenerated.
const DEV_BANNER = bannerFor("openapi/dev/", "server/generated/README.md");
const OPERATOR_BANNER = bannerFor("openapi/operator/", "server/generated/README.md");
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const bundled = bundle();
  generateSchemaTypes();
  const files = renderGenerated(bundled);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, "generated", name), text);
  console.log(`generated ${Object.keys(files).length + 1} files into generated/`);

  // The development API: the same table and method signatures, for the server's typed dev client.
  spec = bundle({ dev: true });
  const devTable = buildOperationTable(spec);
  const devDir = path.join(root, "server", "generated");
  writeFileSync(
    path.join(devDir, "dev-runtime.ts"),
    renderRuntime(spec, devTable, { banner: DEV_BANNER, runtimeTypes: "../../src/runtime-types.js", name: "devOperationTable" }),
  );
  writeFileSync(path.join(devDir, "dev-operations.ts"), renderOperationTypes(spec, devTable, { banner: DEV_BANNER, schema: "./dev-schema.js" }));
  console.log(`generated ${devTable.length} development API operations into server/generated/`);

  // The operator API (production): its runtime table routes and validates the server's operator handler.
  spec = bundle({ operator: true });
  const operatorTable = buildOperationTable(spec);
  writeFileSync(
    path.join(devDir, "operator-runtime.ts"),
    renderRuntime(spec, operatorTable, { banner: OPERATOR_BANNER, runtimeTypes: "../../src/runtime-types.js", name: "operatorOperationTable" }),
  );
  writeFileSync(path.join(devDir, "operator-operations.ts"), renderOperationTypes(spec, operatorTable, { banner: OPERATOR_BANNER, schema: "./operator-schema.js" }));
  console.log(`generated ${operatorTable.length} operator API operations into server/generated/`);
}

function generateSchemaTypes() {
  // openapi-typescript reads redocly.yaml (apis.authy.root and x-openapi-ts.output).
  // Inputs with a server default (send_install_link_via_sms, force) stay optional for the caller.
  // It writes every api of redocly.yaml: the Authy spec and the development API (apis.dev).
  runTool("openapi-typescript", ["--default-non-nullable", "false"], { capture: true });
  for (const [file, banner] of [
    [path.join(root, "generated", "schema.d.ts"), BANNER],
    [path.join(root, "server", "generated", "dev-schema.d.ts"), DEV_BANNER],
    [path.join(root, "server", "generated", "operator-schema.d.ts"), OPERATOR_BANNER],
  ]) {
    writeFileSync(file, banner + readFileSync(file, "utf8"));
  }
}
// Stryker restore all

function resolveRef(ref) {
  const parts = ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = spec;
  for (const part of parts) node = node?.[part];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

function deref(node) {
  while (node && typeof node === "object" && "$ref" in node) node = resolveRef(node.$ref);
  return node;
}

function operationsOf(specDoc) {
  const list = [];
  for (const [urlPath, pathItem] of Object.entries(specDoc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      // A page for people (the development API's GET /__dev/): documented, not a client method.
      if (op && !op["x-authy-page"]) list.push({ urlPath, method, op, pathParams: pathItem.parameters ?? [] });
    }
  }
  return list.sort((a, b) => a.op.operationId.localeCompare(b.op.operationId));
}

/**
 * The part of a body property's schema the client sends: `anyOf`/`oneOf` branches marked `x-authy-alternate`
 * describe what other clients send (a string where the API also takes one) and are dropped. Returns the schema and,
 * when branches were dropped, the component the type comes from.
 */
function canonicalSchema(propSchema) {
  for (const key of ["anyOf", "oneOf"]) {
    const branches = propSchema[key];
    if (!branches?.some((b) => b["x-authy-alternate"])) continue;
    const kept = branches.filter((b) => !b["x-authy-alternate"]);
    if (kept.length !== 1 || !kept[0].$ref?.startsWith("#/components/schemas/")) {
      throw new Error(`alternate branches need exactly one canonical component branch: ${JSON.stringify(propSchema)}`);
    }
    return { schema: kept[0], component: kept[0].$ref.split("/").pop() };
  }
  return { schema: propSchema, component: undefined };
}

function authOf(op) {
  const security = op.security ?? spec.security ?? [];
  if (security.length === 0) return "none";
  if (security.some((req) => "SignatureAuth" in req)) return "signed";
  return "apiKey";
}

function buildOperationTable(specDoc) {
  return operationsOf(specDoc).map(({ urlPath, method, op, pathParams }) => {
    const params = [...pathParams, ...(op.parameters ?? [])].map(deref);
    const clientRequired = new Set(op["x-authy-client-required"] ?? []);
    const fields = [];
    let hasFormat = false;
    for (const p of params) {
      if (p.in === "header") continue;
      if (p.in === "path" && p.name === "format") {
        hasFormat = true;
        continue;
      }
      if (p["x-authy-alternate"]) continue;
      // The table validates every field against its schema; a parameter described by `content` has none.
      if (p.schema === undefined) throw new Error(`${op.operationId}: parameter ${p.name} has no schema (content is not supported)`);
      fields.push({
        name: p.name,
        in: p.in,
        required: Boolean(p.required) || clientRequired.has(p.name),
        schema: p.schema,
        credential: p["x-authy-credential"],
        secret: Boolean(p["x-authy-secret"]),
        clientDefault: p["x-authy-client-default"],
        deepObject: p.style === "deepObject",
      });
    }
    let body;
    const requestBody = deref(op.requestBody);
    if (requestBody && !requestBody["x-authy-alternate"]) {
      const entries = Object.entries(requestBody.content ?? {});
      const canonical = entries.filter(([, media]) => media["x-authy-canonical"]);
      if (canonical.length !== 1) {
        throw new Error(`${op.operationId}: the request body needs exactly one media type with x-authy-canonical`);
      }
      const [mediaType, media] = canonical[0];
      const schema = deref(media.schema);
      body = { mediaType, required: Boolean(requestBody.required), alternateProps: [] };
      for (const [name, wireSchema] of Object.entries(schema.properties ?? {})) {
        // A property only other clients send (go-authy's body api_key): not a field of the client, not in its input.
        if (wireSchema["x-authy-alternate"] || deref(wireSchema)["x-authy-alternate"]) {
          body.alternateProps.push(name);
          continue;
        }
        const { schema: propSchema, component } = canonicalSchema(wireSchema);
        const resolved = deref(propSchema);
        fields.push({
          name,
          in: "body",
          required: (schema.required ?? []).includes(name),
          schema: propSchema,
          canonicalComponent: component,
          credential: resolved["x-authy-credential"] ?? propSchema["x-authy-credential"],
          secret: Boolean(resolved["x-authy-secret"] ?? propSchema["x-authy-secret"]),
          binary: resolved.contentMediaType !== undefined || resolved.format === "binary",
        });
      }
    }
    for (const name of clientRequired) {
      if (!fields.some((f) => f.name === name)) throw new Error(`${op.operationId}: x-authy-client-required names unknown ${name}`);
    }
    const seen = new Set();
    for (const f of fields) {
      if (seen.has(f.name)) throw new Error(`${op.operationId}: parameter ${f.name} appears in two canonical places`);
      seen.add(f.name);
    }
    const success = deref(op.responses?.["200"]);
    const resultSchema = success?.content?.["application/json"]?.schema;
    if (!resultSchema) throw new Error(`${op.operationId}: no 200 application/json response`);
    if (typeof op["x-authy-retry-safe"] !== "boolean") throw new Error(`${op.operationId}: x-authy-retry-safe missing`);
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      path: urlPath,
      summary: op.summary,
      deprecated: Boolean(op.deprecated),
      hasFormat,
      retrySafe: op["x-authy-retry-safe"],
      auth: authOf(op),
      body,
      fields,
      resultSchema,
    };
  });
}

// ---- runtime.ts -------------------------------------------------------------------------------------------------

function renderRuntime(specDoc, ops, { banner = BANNER, runtimeTypes = "../src/runtime-types.js", name = "operationTable" } = {}) {
  const named = new Map(); // component schema name -> rendered expression, in dependency order
  const render = (schema) => renderSchema(schema, named, INPUT_KEYWORDS, "s");
  const renderResult = (schema) => renderSchema(schema, named, RESULT_KEYWORDS, "r");
  const rows = ops.map((o) => {
    const fields = o.fields
      .map((f) => {
        const flags = [
          f.required ? "required: true" : "",
          f.credential ? `credential: ${JSON.stringify(f.credential)}` : "",
          f.secret ? "secret: true" : "",
          f.deepObject ? "deepObject: true" : "",
          f.clientDefault !== undefined ? `clientDefault: ${JSON.stringify(f.clientDefault)}` : "",
        ].filter(Boolean);
        return `      { name: ${JSON.stringify(f.name)}, in: ${JSON.stringify(f.in)}, schema: ${render(f.schema)}${flags.length ? `, ${flags.join(", ")}` : ""} },`;
      })
      .join("\n");
    const body = o.body ? `\n    body: ${JSON.stringify(o.body.mediaType)},` : "";
    return `  ${o.id}: {
    method: ${JSON.stringify(o.method)},
    path: ${JSON.stringify(o.path)},
    format: ${o.hasFormat},
    retrySafe: ${o.retrySafe},
    auth: ${JSON.stringify(o.auth)},${body}
    fields: [
${fields}
    ],
    result: ${renderResult(o.resultSchema)},
  },`;
  });
  const consts = [...named.entries()].map(([name, expr]) => `const ${name}: Schema = ${expr};`).join("\n");
  return `${banner}
import type { OperationTable, Schema } from "${runtimeTypes}";

${consts}

/** Every request operation of the spec: how to call it and how to check its input and its 200 body. */
export const ${name} = {
${rows.join("\n")}
} as const satisfies OperationTable;
`;
}

/** The schemas of the outbound messages, for the callback and webhook-event parsers (apart from the table). */
function renderWebhookSchemas() {
  const named = new Map();
  const callback = renderSchema({ $ref: "#/components/schemas/OneTouchCallback" }, named, INPUT_KEYWORDS, "s");
  const claims = renderSchema({ $ref: "#/components/schemas/WebhookEventClaims" }, named, INPUT_KEYWORDS, "s");
  const consts = [...named.entries()].map(([name, expr]) => `const ${name}: Schema = ${expr};`).join("\n");
  return `${BANNER}
import type { Schema } from "../src/runtime-types.js";

${consts}

/** The OneTouch callback payload (webhooks.oneTouchCallback). */
export const oneTouchCallbackSchema: Schema = ${callback};

/** The claims of a Webhooks API event JWT (webhooks.webhookEvent). */
export const webhookEventClaimsSchema: Schema = ${claims};
`;
}

function schemaConstName(prefix, ref) {
  return `${prefix}${ref.split("/").pop().replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** A schema as a TypeScript expression, keeping only `keywords`; components become shared constants. */
function renderSchema(schema, named, keywords, prefix, seen = new Set()) {
  if (schema === true || schema === false) return String(schema);
  const again = (s) => renderSchema(s, named, keywords, prefix, seen);
  if (schema.$ref) {
    const name = schemaConstName(prefix, schema.$ref);
    if (!named.has(name)) {
      if (seen.has(name)) throw new Error(`recursive schema ${schema.$ref} is not supported`);
      seen.add(name);
      named.set(name, again(resolveRef(schema.$ref)));
    }
    return name;
  }
  const parts = [];
  for (const key of keywords) {
    if (!(key in schema)) continue;
    const value = schema[key];
    let rendered;
    if (key === "properties" || key === "patternProperties") {
      rendered = `{ ${Object.entries(value)
        .map(([k, v]) => `${JSON.stringify(k)}: ${again(v)}`)
        .join(", ")} }`;
    } else if (key === "items" || key === "additionalProperties") {
      if (key === "additionalProperties" && value === true) continue;
      rendered = again(value);
    } else if (key === "anyOf" || key === "oneOf" || key === "allOf") {
      rendered = `[${value.map(again).join(", ")}]`;
    } else {
      rendered = JSON.stringify(value);
    }
    parts.push(`${key}: ${rendered}`);
  }
  return `{ ${parts.join(", ")} }`;
}

// ---- operations.ts ----------------------------------------------------------------------------------------------

function union(names) {
  return names.map((n) => JSON.stringify(n)).join(" | ");
}

function renderOperationTypes(specDoc, ops, { banner = BANNER, schema = "./schema.js" } = {}) {
  const inputs = [];
  const results = [];
  const methods = [];
  for (const o of ops) {
    const op = `operations[${JSON.stringify(o.id)}]`;
    const parts = [];
    const userFields = o.fields.filter((f) => !f.credential);
    const pathNames = userFields.filter((f) => f.in === "path").map((f) => f.name);
    const queryNames = userFields.filter((f) => f.in === "query").map((f) => f.name);
    if (pathNames.length) parts.push(`Pick<${op}["parameters"]["path"], ${union(pathNames)}>`);
    const queryType = `NonNullable<${op}["parameters"]["query"]>`;
    const forced = userFields.filter((f) => f.in === "query" && f.required && f.clientDefault === undefined).map((f) => f.name);
    const optional = queryNames.filter((n) => !forced.includes(n));
    // Parameters the client requires although the spec must declare them optional (x-authy-client-required).
    if (forced.length) parts.push(`Required<Pick<${queryType}, ${union(forced)}>>`);
    if (optional.length) parts.push(`Pick<${queryType}, ${union(optional)}>`);
    if (o.body) {
      const bodyType = `NonNullable<${op}["requestBody"]>["content"][${JSON.stringify(o.body.mediaType)}]`;
      const narrowed = o.fields.filter((f) => f.in === "body" && f.canonicalComponent && !f.credential);
      const hidden = [
        ...o.fields.filter((f) => f.in === "body" && (f.credential || f.binary || f.canonicalComponent)).map((f) => f.name),
        ...o.body.alternateProps,
      ];
      parts.push(hidden.length ? `Omit<${bodyType}, ${union(hidden)}>` : bodyType);
      // A property that also takes alternates keeps only its canonical type in the client's input.
      if (narrowed.length) {
        parts.push(
          `{ ${narrowed.map((f) => `${f.name}${f.required ? "" : "?"}: components["schemas"][${JSON.stringify(f.canonicalComponent)}]`).join("; ")} }`,
        );
      }
      const binaries = o.fields.filter((f) => f.in === "body" && f.binary && !f.credential);
      if (binaries.length) {
        parts.push(`{ ${binaries.map((f) => `${f.name}${f.required ? "" : "?"}: Blob`).join("; ")} }`);
      }
    }
    inputs.push(`  ${o.id}: Simplify<${parts.length ? parts.join(" & ") : "{}"}>;`);
    results.push(`  ${o.id}: ${op}["responses"][200]["content"]["application/json"];`);
    const needsInput = userFields.some((f) => f.required && f.clientDefault === undefined);
    const doc = [
      `  /**`,
      `   * ${o.summary}`,
      `   *`,
      `   * \`${o.method} ${o.path}\`${o.retrySafe ? " (safe to retry)" : " (never retried unless asked)"}`,
      ...(o.deprecated ? [`   * @deprecated ${deprecationNote(specDoc, o)}`] : []),
      `   */`,
    ];
    methods.push(
      `${doc.join("\n")}\n  ${o.id}(input${needsInput ? "" : "?"}: OperationInputs[${JSON.stringify(o.id)}], options?: CallOptions): Promise<OperationResults[${JSON.stringify(o.id)}]>;`,
    );
  }
  return `${banner}
import type { components, operations } from "${schema}";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of each client method: path, query and body parameters in their canonical place. */
export interface OperationInputs {
${inputs.join("\n")}
}

/** The decoded 200 body of each operation. */
export interface OperationResults {
${results.join("\n")}
}

/** One method per operation of the spec, named after its operationId. */
export interface OperationMethods<CallOptions> {
${methods.join("\n")}
}

export type OperationId = keyof OperationInputs;
`;
}

function deprecationNote(specDoc, o) {
  const text = specDoc.paths[o.path][o.method.toLowerCase()].description ?? "";
  const line = text.split("\n").find((l) => /deprecat|end of sale|end-of-sale/i.test(l));
  return (line ?? "Deprecated by Twilio; see the operation's description.").trim().replace(/\*\//g, "*\\/");
}

// ---- error-codes.ts ---------------------------------------------------------------------------------------------

function renderErrorCodes(specDoc) {
  const codes = specDoc.components.schemas.ErrorCode["x-authy-error-codes"];
  const rows = Object.entries(codes)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, { status, message }]) => `  ${code}: { status: ${status === null ? "undefined" : status}, message: ${JSON.stringify(message)} },`);
  return `${BANNER}
/** Every known Authy error code: the HTTP status a source states for it, and its meaning. */
export const AUTHY_ERROR_CODES: Readonly<Record<number, { readonly status: number | undefined; readonly message: string }>> = {
${rows.join("\n")}
};
`;
}

/**
 * The pattern each client credential must match, taken from the schema of every place the spec puts it
 * (`x-authy-credential`). The client checks its options against these when it is created, so this small file is
 * all it imports (not the runtime table). `apiKey` and `appApiKey` are the same key: one pattern for both.
 */
function renderCredentialPatterns(ops) {
  const patterns = new Map();
  for (const op of ops) {
    for (const field of op.fields) {
      if (!field.credential) continue;
      const name = field.credential === "appApiKey" ? "apiKey" : field.credential;
      const pattern = deref(field.schema).pattern;
      if (typeof pattern !== "string") throw new Error(`${op.id}: credential ${field.name} has no pattern`);
      const known = patterns.get(name);
      if (known !== undefined && known !== pattern) {
        throw new Error(`${op.id}: credential ${field.name} has pattern ${pattern}, elsewhere ${known}: use one schema`);
      }
      patterns.set(name, pattern);
    }
  }
  const entries = [...patterns].sort(([a], [b]) => a.localeCompare(b));
  return `${BANNER}
/** The pattern each credential of the client must match (the schemas the spec gives every place it is sent). */
export const credentialPatterns = {
${entries.map(([name, pattern]) => `  ${name}: /${pattern.replace(/\//g, "\\/")}/,`).join("\n")}
} as const;
`;
}
