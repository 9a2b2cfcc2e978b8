/**
 * The server's clock: real time plus the application's stored offset (`POST /__dev/clock`). It drives every rule
 * with a time in it (code lifetimes, TOTP steps, removal delay, timestamps in answers), never what a receiver checks
 * against its own clock (the HTTP `Date` header).
 */
export function applicationNow(offsetSeconds: number, realMs: number = Date.now()): Date {
  return new Date(realMs + offsetSeconds * 1000);
}

export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** `YYYY-MM` in UTC, the key of the monthly statistics. */
export const monthKey = (date: Date): string => date.toISOString().slice(0, 7);
