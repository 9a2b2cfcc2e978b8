/** Retry policy and logging hook types, and the defaults the client starts from (kept out of the engine chunk). */

/** How failed calls are repeated. Only operations the spec marks safe are retried, unless `retryUnsafe`. */
export interface RetryPolicy {
  /** Further attempts after the first. Default 2. */
  retries?: number;
  /** First backoff delay; it doubles per attempt, with full jitter. Default 200 ms. */
  minDelayMs?: number;
  /** Largest backoff delay. Default 2000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is returned at once. Default 10 000 ms. */
  maxRetryAfterMs?: number;
  /** Also repeat operations that send a message or change state. Default false. */
  retryUnsafe?: boolean;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  retries: 2,
  minDelayMs: 200,
  maxDelayMs: 2000,
  maxRetryAfterMs: 10_000,
  retryUnsafe: false,
};

/** What logging hooks see: never a secret. */
export interface AuthyRequestInfo {
  /** The method's operationId, or `"raw"` for a call through `client.raw`. */
  operationId: string;
  method: string;
  /** The URL with every secret replaced by `[REDACTED]`. */
  url: string;
  /** Request headers; the API key and signature are `[REDACTED]`. */
  headers: Record<string, string>;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface AuthyResponseInfo extends AuthyRequestInfo {
  status: number;
  durationMs: number;
  responseHeaders: Record<string, string>;
}

export interface AuthyRetryInfo extends AuthyRequestInfo {
  delayMs: number;
  /** `status 503`, `status 429`, or the network error's message. */
  reason: string;
}

export interface AuthyHooks {
  onRequest?(info: AuthyRequestInfo): void;
  onResponse?(info: AuthyResponseInfo): void;
  onRetry?(info: AuthyRetryInfo): void;
}
