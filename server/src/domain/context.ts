import type { AppRow, AuthyStore } from "../store/authy-store.js";
import type { OperatorDeliverySettings } from "../delivery/operator-delivery.js";
import type { AbuseLimits } from "./limits.js";

/** Settings that shape the rules (from the command line or startAuthyServer). */
export interface DomainSettings {
  /** Lifetime of a code sent by SMS, call or email, in seconds. */
  tokenTtlSeconds: number;
  /** Production: every verify is enforced, and no console line carries a code, a key or a recipient. */
  production: boolean;
  /** Production only: the documented lenient verify without `force` (see tokens.ts). */
  legacyLenientVerify: boolean;
  limits: AbuseLimits;
  /**
   * Why the server must not send to this customer-set URL (a webhook, the OneTouch callback), or undefined: the
   * outbound target check (production: https to public addresses unless `--allow-private-targets`).
   */
  targetProblem: (url: string) => Promise<string | undefined>;
  /** Where messages and approval requests are handed over (`--deliver-url`), when set. */
  deliver?: OperatorDeliverySettings;
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
