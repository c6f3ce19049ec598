/**
 * The one home of the run lease (design §2 "one run at a time per user and folder, across
 * processes"; issue 13 §1, issue 9 §4). Every host — the engine, the facade's run manager and its
 * routes — takes the key and the timings from here.
 */

/** How long a lease lasts without a heartbeat: a silent holder elsewhere blocks the user no longer. */
export const LEASE_TTL_MS = 30_000;
/** How often a running run renews its lease (a third of the TTL: two missed beats are tolerated). */
export const LEASE_HEARTBEAT_MS = 10_000;

/** The lease key of a user's folder: the folder name as the user typed it, trimmed, case-folded. */
export function leaseKeyOf(userId: string, folderName: string): string {
  return `${userId}|${folderName.trim().toLowerCase()}`;
}

/**
 * Calls `beat` every `everyMs` until the returned stop function is called. Injected by the host
 * (core has no timers); tests drive it by hand and may await the beat (it never rejects).
 */
export type Ticker = (everyMs: number, beat: () => Promise<void>) => () => void;
