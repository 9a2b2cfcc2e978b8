import { devOperationTable } from "../../generated/dev-runtime.js";
import type { OperationSpec } from "../../../src/runtime-types.js";
import { generateOtpSecret } from "../domain/otp.js";
import { parsePhone } from "../domain/phone.js";
import { membersProblem, nulPath } from "../http/input.js";
import type { AuthyStore } from "../store/authy-store.js";
import type { DevImported, DevState, ImportUser } from "../store/state.js";

/** A seed or an import the server cannot load, with the member it names. */
export class SeedError extends Error {
  override name = "SeedError";
}

const IMPORT_SPEC = devOperationTable.importState as OperationSpec;

export interface CheckedSeed {
  state: DevState;
  users: ImportUser[];
}

/**
 * Checks a seed (`POST /__dev/import`, `--seed <file>`) against the development API's document (its `DevState`
 * schema, with the client's validator), then what a schema cannot say: each number valid for its country, one user
 * per id and per number, codes, messages and activities only for users of the document. Touches no store, so a
 * server refuses a bad `--seed` before it opens its data.
 */
export function checkSeed(document: unknown): CheckedSeed {
  if (typeof document !== "object" || document === null || Array.isArray(document)) throw new SeedError("the seed must be a JSON object");
  const values = document as Record<string, unknown>;
  const problem = membersProblem(IMPORT_SPEC.fields, values, "a seed");
  if (problem) throw new SeedError(problem);
  for (const field of IMPORT_SPEC.fields) {
    const nul = values[field.name] === undefined ? undefined : nulPath(values[field.name], field.name);
    if (nul) throw new SeedError(`${nul} must not contain a NUL character`);
  }
  const state = document as DevState;
  const ids = new Set<number>();
  const numbers = new Map<string, number>();
  const users: ImportUser[] = state.users.map((user, i) => {
    const phone = parsePhone(user.country_code, user.phone_number);
    if (!phone) throw new SeedError(`users[${i}].phone_number ${JSON.stringify(user.phone_number)} is not a valid number for country code ${user.country_code}`);
    if (ids.has(user.authy_id)) throw new SeedError(`users[${i}].authy_id ${user.authy_id} is given twice`);
    const other = numbers.get(phone.e164);
    if (other !== undefined) throw new SeedError(`users[${i}] has the number ${phone.e164} of authy_id ${other}`);
    ids.add(user.authy_id);
    numbers.set(phone.e164, user.authy_id);
    return { user, e164: phone.e164, nationalNumber: phone.nationalNumber, otpSecret: user.otp_secret ?? generateOtpSecret().toString("hex") };
  });
  for (const list of ["codes", "messages", "activities"] as const) {
    (state[list] ?? []).forEach((item, i) => {
      const authyId = (item as { authy_id?: number | null }).authy_id;
      if (authyId !== undefined && authyId !== null && !ids.has(authyId)) throw new SeedError(`${list}[${i}].authy_id ${authyId} is no user of the seed`);
    });
  }
  return { state, users };
}

/** Loads a checked seed in one transaction, replacing the state; nothing changes when anything is wrong. */
export function importSeed(store: AuthyStore, appId: number, seed: CheckedSeed, now: Date): Promise<DevImported> {
  return store.importState(appId, seed.state, seed.users, now);
}
