import type { Ticker } from '../core/lease.js';

/** The real Ticker: setInterval, unref'd where the runtime allows so it never keeps a process alive. */
export const intervalTicker: Ticker = (everyMs, beat) => {
  const timer = setInterval(() => void beat(), everyMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
};
