import { randomUUID } from "node:crypto";
import { applicationNow } from "../domain/clock.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";
import type { DeliveryRow } from "../store/deliveries.js";

/**
 * The store-backed outbound delivery queue, generic over what is delivered: each `kind` brings a sender that turns
 * a stored delivery into one signed HTTP request, built afresh for every attempt (a new nonce, the real time).
 * Rules:
 * - at least once, and never again once a 2xx is recorded;
 * - the first attempt starts at once (the worker is woken on enqueue; it also polls, for rows other servers or an
 *   earlier run left behind);
 * - an attempt succeeds on a 2xx within {@link DeliveryQueueOptions.attemptTimeoutMs} (10 s), redirects not followed;
 * - otherwise it is due again after 1, 2, 4 … seconds (at most 300) of application time, up to
 *   {@link MAX_DELIVERY_ATTEMPTS} attempts, then failed;
 * - the schedule follows the application's clock (moving the development clock makes a retry due and wakes the
 *   worker); leases and timeouts follow real time.
 */

export const MAX_DELIVERY_ATTEMPTS = 10;
export const MAX_BACKOFF_SECONDS = 300;

/** Seconds to wait after the `attempt`-th failed attempt (1-based): 1, 2, 4 … capped at 300. */
export const backoffSeconds = (attempt: number): number => Math.min(2 ** Math.max(attempt - 1, 0), MAX_BACKOFF_SECONDS);

export interface OutboundRequest {
  url: string;
  method: "POST" | "GET";
  headers: Record<string, string>;
  body?: string;
}

export interface DeliverySender {
  /** The request for this attempt of `delivery` (signed now). Throwing fails the attempt with the error's message. */
  build(delivery: DeliveryRow, app: AppRow): Promise<OutboundRequest>;
  /** After a 2xx was recorded (for example: mark the approval request notified). */
  delivered?(delivery: DeliveryRow): Promise<void>;
}

export interface DeliveryQueueOptions {
  store: AuthyStore;
  senders: Readonly<Record<string, DeliverySender>>;
  log: (line: string) => void;
  /** Per attempt, real time. Default 10 000 ms. */
  attemptTimeoutMs?: number;
  /** How often the worker looks for due rows when nothing woke it. Default 500 ms. */
  pollMs?: number;
}

const BATCH = 8;
// A lease outlives the attempt it guards (timeout plus a margin for recording the result).
const LEASE_MARGIN_MS = 20_000;

export class DeliveryQueue {
  readonly owner = randomUUID();
  private readonly store: AuthyStore;
  private readonly attemptTimeoutMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly options: DeliveryQueueOptions) {
    this.store = options.store;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.pollMs = options.pollMs ?? 500;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Look for due deliveries now (after an enqueue or a clock move). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.pollMs);
        this.timer.unref();
      }
    });
  }

  /** Stops polling, aborts attempts in flight (their rows stay pending: the lease runs out and they are retried). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const controller of this.aborts) controller.abort(new Error("the server is stopping"));
    await this.running?.catch(() => {});
    await Promise.allSettled([...this.inFlight]);
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const now = new Date();
        const batch = await this.store.deliveries.claimDue(this.owner, now, new Date(now.getTime() + this.attemptTimeoutMs + LEASE_MARGIN_MS), BATCH);
        if (batch.length === 0 || this.stopped) return;
        await Promise.all(batch.map((row) => this.track(this.attempt(row))));
        if (batch.length < BATCH) return;
      }
    } catch (error) {
      if (!this.stopped) this.options.log(`delivery queue: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /**
   * One attempt now for a pending or failed delivery, whatever its schedule (`POST /__dev/callbacks/{id}/retry`).
   * Resolves to the row after the attempt, or says why none was made.
   */
  async retryNow(appId: number, id: number): Promise<DeliveryRow | "delivered" | "busy" | undefined> {
    const now = new Date();
    const claimed = await this.store.deliveries.claimOne(appId, id, this.owner, now, new Date(now.getTime() + this.attemptTimeoutMs + LEASE_MARGIN_MS));
    if (claimed === undefined || typeof claimed === "string") return claimed;
    return this.track(this.attempt(claimed, claimed.status === "failed"));
  }

  /** Sends the claimed delivery once and records the outcome. `wasFailed`: a manual retry of a failed delivery. */
  private async attempt(row: DeliveryRow, wasFailed = false): Promise<DeliveryRow | undefined> {
    const app = await this.store.appById(row.app_id);
    if (!app) return undefined;
    const sender = this.options.senders[row.kind];
    let httpStatus: number | null = null;
    let error: string;
    const controller = new AbortController();
    this.aborts.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${this.attemptTimeoutMs / 1000} s`)), this.attemptTimeoutMs);
    try {
      if (!sender) throw new Error(`no sender for deliveries of kind ${row.kind}`);
      const request = await sender.build(row, app);
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: "manual",
        signal: controller.signal,
      });
      httpStatus = response.status;
      // Drain the answer (bounded by the same timeout); only the status matters.
      await response.arrayBuffer().catch(() => undefined);
      if (httpStatus >= 200 && httpStatus <= 299) {
        const done = await this.store.deliveries.markDelivered(row.app_id, row.id, httpStatus, applicationNow(Number(app.clock_offset_seconds)));
        if (done) await sender.delivered?.(done);
        this.options.log(`[${row.kind}] delivered #${row.id} ${request.method} ${request.url} → ${httpStatus} (attempt ${row.attempts})`);
        return done ?? (await this.store.deliveries.get(row.app_id, row.id));
      }
      error = `HTTP ${httpStatus}`;
    } catch (caught) {
      const reason = controller.signal.aborted ? controller.signal.reason : caught;
      const cause = (reason as { cause?: { code?: string; message?: string } })?.cause;
      error = cause?.code ?? cause?.message ?? (reason as Error)?.message ?? String(reason);
    } finally {
      clearTimeout(timeout);
      this.aborts.delete(controller);
    }
    // A fresh application clock: the attempt may have taken a while, or the clock moved meanwhile.
    const fresh = (await this.store.appById(row.app_id)) ?? app;
    const now = applicationNow(Number(fresh.clock_offset_seconds));
    const final = wasFailed || row.attempts >= row.max_attempts;
    const next = new Date(now.getTime() + backoffSeconds(row.attempts) * 1000);
    const recorded = await this.store.deliveries.markAttemptFailed({
      appId: row.app_id,
      id: row.id,
      owner: this.owner,
      httpStatus,
      error,
      now,
      nextAttemptAt: final ? now : next,
      final,
    });
    this.options.log(
      `[${row.kind}] attempt ${row.attempts} of #${row.id} ${row.method} ${row.url} failed: ${error}` +
        (final ? "; giving up" : `; next in ${backoffSeconds(row.attempts)} s`),
    );
    return recorded ?? (await this.store.deliveries.get(row.app_id, row.id));
  }
}
