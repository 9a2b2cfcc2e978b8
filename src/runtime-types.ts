/**
 * The shape of the runtime table that scripts/generate.mjs emits into generated/runtime.ts. These describe the
 * generator's output format (how a spec is encoded), not any Authy API shape.
 */

/** The subset of JSON Schema the client checks values against. */
export interface Schema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly patternProperties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly contentMediaType?: string;
}

/** Where a canonical parameter goes, and how it is checked. */
export interface FieldSpec {
  readonly name: string;
  readonly in: "path" | "query" | "body";
  readonly schema: Schema;
  readonly required?: boolean;
  /** Filled by the client from its credentials, never by the caller. */
  readonly credential?: "apiKey" | "appApiKey" | "accessKey";
  /** Redacted from errors and hook payloads (tokens, codes). */
  readonly secret?: boolean;
  /** Serialised as `name[key]=value` in the query string. */
  readonly deepObject?: boolean;
  /** Sent when the caller gives no value. */
  readonly clientDefault?: unknown;
}

export interface OperationSpec {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  readonly path: string;
  /** The path has a `{format}` segment (json or xml). */
  readonly format: boolean;
  /** Safe to repeat (x-authy-retry-safe). */
  readonly retrySafe: boolean;
  /** X-Authy-API-Key header, signed request (Webhooks and Dashboard APIs), or no header at all. */
  readonly auth: "apiKey" | "signed" | "none";
  /** Media type of the body the client sends, if any. */
  readonly body?: string;
  readonly fields: readonly FieldSpec[];
  /** Schema of the 200 body. */
  readonly result: Schema;
}

export type OperationTable = Readonly<Record<string, OperationSpec>>;
