import type { AppRow, AuthyStore } from "../store/authy-store.js";

/** Settings that shape the rules (from the command line or startAuthyServer). */
export interface DomainSettings {
  /** Lifetime of a code sent by SMS, call or email, in seconds. */
  tokenTtlSeconds: number;
  /**
   * Configured test numbers (E.164 → code): every code sent to such a user is this one, and it verifies again and
   * again (exempt from the reuse rule), so a suite can log in with it repeatedly.
   */
  testNumbers: ReadonlyMap<string, string>;
}

/** What a rule needs to run for one request: the store, the application, the application's clock, a console. */
export interface DomainContext {
  store: AuthyStore;
  app: AppRow;
  now: Date;
  settings: DomainSettings;
  /** One console line (messages "sent", rules not enforced). */
  log: (line: string) => void;
}
