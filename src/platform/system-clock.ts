import type { Clock } from '../core/ports.js';

/** The real clock, for the facade, the CLI and the pane. */
export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  monotonicMs: () => performance.now(),
  shift: (iso, ms) => new Date(Date.parse(iso) + ms).toISOString(),
};
