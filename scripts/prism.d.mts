/** Types of scripts/prism.mjs, for the TypeScript callers (contract tests, contract:proxy). */
export interface PrismProcess {
  url: string;
  pid: number;
  /** Prism's output so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartPrismOptions {
  mode?: "mock" | "proxy";
  spec?: string;
  upstream?: string;
  port?: number;
  timeoutMs?: number;
  extraArgs?: string[];
  log?: (line: string) => void;
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** Kill Prism and terminate on SIGINT/SIGTERM/SIGHUP (default true); false when the caller handles them. */
  handleSignals?: boolean;
}

export function startPrism(options?: StartPrismOptions): Promise<PrismProcess>;
export function freePort(): Promise<number>;
export function pidAlive(pid: number): boolean;
export function isListening(port: number): Promise<boolean>;
