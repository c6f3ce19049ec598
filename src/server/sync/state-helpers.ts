import type { Link } from '../../core/link.js';

/**
 * Lease keys are free text to the port; here they live under the caller's user, so no user can
 * hold, renew or release another user's lease. The engine's own keys (`user|folder`) already start
 * with the user and stay as they are, so the pane's runs and the facade's runs share one lease.
 */
export function leaseKey(userId: string, key: string): string {
  return key.startsWith(`${userId}|`) ? key : `${userId}|${key}`;
}

export function firstAfter(links: readonly Link[], after: string): number {
  const at = links.findIndex((l) => l.bcId === after);
  if (at >= 0) return at + 1;
  // `after` was deleted between pages: continue at the first id sorting after it.
  const next = links.findIndex((l) => l.bcId > after);
  return next < 0 ? links.length : next;
}
