import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";

/**
 * Abuse limits, answered as the real API answers a limit: 429 with error 60003 and `Retry-After`. Every count follows
 * the application's clock, so tests move the development clock instead of waiting. A `max` of 0 turns a limit off.
 */
export interface AbuseLimits {
  /** Failed verifications of one user within `windowSeconds`; the `max`-th locks the user out for `lockoutSeconds`. */
  failedVerifications: { max: number; windowSeconds: number; lockoutSeconds: number };
  /** Codes sent to one user (SMS, call, email together) within `windowSeconds`. */
  sendsPerUser: { max: number; windowSeconds: number };
  /** Messages sent to one phone number or email address, whichever user or flow sends them, within `windowSeconds`. */
  sendsPerRecipient: { max: number; windowSeconds: number };
}

/** Production defaults: generous for a person, useless for a script guessing 7-digit codes or pumping SMS. */
export const PRODUCTION_LIMITS: AbuseLimits = {
  failedVerifications: { max: 5, windowSeconds: 900, lockoutSeconds: 900 },
  sendsPerUser: { max: 5, windowSeconds: 900 },
  sendsPerRecipient: { max: 10, windowSeconds: 3600 },
};

/** Development default: no limits (test suites send and fail on purpose). */
export const NO_LIMITS: AbuseLimits = {
  failedVerifications: { max: 0, windowSeconds: 900, lockoutSeconds: 900 },
  sendsPerUser: { max: 0, windowSeconds: 900 },
  sendsPerRecipient: { max: 0, windowSeconds: 3600 },
};

const secondsUntil = (ctx: DomainContext, when: Date): number => Math.max(1, Math.ceil((when.getTime() - ctx.now.getTime()) / 1000));

const tooMany = (ctx: DomainContext, until: Date): AuthyFailure => new AuthyFailure(60003, undefined, undefined, secondsUntil(ctx, until));

/** Admits one message to `recipient` (for `authyId`, when a user's code), or throws 429/60003 and counts nothing. */
export async function admitSend(ctx: DomainContext, authyId: number | null, recipient: string): Promise<void> {
  const { sendsPerUser, sendsPerRecipient } = ctx.settings.limits;
  const slots = [];
  if (authyId !== null && sendsPerUser.max > 0) slots.push({ scope: "send_user", subject: String(authyId), ...sendsPerUser });
  if (sendsPerRecipient.max > 0) slots.push({ scope: "send_recipient", subject: recipient, ...sendsPerRecipient });
  if (slots.length === 0) return;
  const slot = await ctx.store.takeLimitSlots(ctx.app.app_id, ctx.now, slots);
  if (!slot.admitted) throw tooMany(ctx, slot.retryAt);
}

/** Throws 429/60003 while the user is locked out after too many failed verifications. */
export async function refuseLockedOut(ctx: DomainContext, authyId: number): Promise<void> {
  if (ctx.settings.limits.failedVerifications.max === 0) return;
  const until = await ctx.store.lockedUntil(ctx.app.app_id, "verify_failed", String(authyId), ctx.now);
  if (until) throw tooMany(ctx, until);
}

/** Counts a refused verification; the one that reaches the limit starts the lockout. */
export async function countFailedVerification(ctx: DomainContext, authyId: number): Promise<void> {
  const { failedVerifications } = ctx.settings.limits;
  if (failedVerifications.max === 0) return;
  await ctx.store.recordFailure({ appId: ctx.app.app_id, scope: "verify_failed", subject: String(authyId), now: ctx.now, ...failedVerifications });
}

/** A success forgets the user's earlier failures. */
export async function forgetFailedVerifications(ctx: DomainContext, authyId: number): Promise<void> {
  if (ctx.settings.limits.failedVerifications.max === 0) return;
  await ctx.store.clearFailures(ctx.app.app_id, "verify_failed", String(authyId));
}
