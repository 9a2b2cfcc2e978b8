/**
 * DO NOT EDIT: generated from openapi/ by `npm run generate` (scripts/generate.mjs).
 * See generated/README.md.
 */

/** The pattern each credential of the client must match (the schemas the spec gives every place it is sent). */
export const credentialPatterns = {
  accessKey: /^[A-Za-z0-9_-]{1,128}$/,
  apiKey: /^[A-Za-z0-9_-]{1,128}$/,
} as const;
