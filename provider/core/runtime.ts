// Time and randomness are injected so that tests drive retries and waiters without waiting in
// real time and repeat exactly.

export interface Runtime {
  /** ms since epoch */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** uniform in [0, 1) */
  random(): number;
}

export const realRuntime: Runtime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
