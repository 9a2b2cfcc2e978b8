// Debian's Chromium driven by playwright-core: never a browser download. Flags as root on a closed network:
// no sandbox (root), no GPU, and none of Chromium's own background connections (component updates, sync, QUIC).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);
/** The one command that makes the browser tests run on a machine without Chromium (CI runs it in .ci/run). */
export const INSTALL_CHROMIUM = "apt-get install -y chromium";
export const SKIP_REASON = `${CHROMIUM_PATH} is missing; install it with: ${INSTALL_CHROMIUM}`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches headless Chromium with a fresh profile (playwright makes and removes a temporary user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** True for URLs that never leave the machine. */
export function isLocalUrl(url: string): boolean {
  return /^(file|data|blob|about|chrome-error):/i.test(url) || url.startsWith("blob:");
}
