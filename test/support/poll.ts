import { setTimeout as pause } from 'node:timers/promises';

/**
 * How long a poll keeps asking before it gives up, in milliseconds of wall time: a hang guard, not
 * a measure. A passing test returns at its first match, so the bound costs it nothing; it only
 * decides how soon a failing one says so. Counted bounds (600 polls of 100 ms) were the kind that
 * failed under load: a scheduled run that takes 40 s on a loaded 2-core machine outlived a 30 s
 * bound. Kept under jest's own guard (testTimeout, 600 s) so the poll's message is the one seen.
 */
export const POLL_BOUND_MS = 300_000;

/** Milliseconds between two probes unless the caller says otherwise. */
const EVERY_MS = 100;

/**
 * Asks `probe` until it returns something other than `undefined`, and resolves with that.
 * `everyMs` (default 100) is the pause between probes; `boundMs` (default POLL_BOUND_MS) the wall
 * time after which it gives up. A probe that throws ends the poll with its error. `state`, when
 * given, describes what the poll waited on at the moment it gave up, so a red run (in CI, where
 * nobody can look) says why, not only that it waited.
 *
 * @throws Error `no <what> within <boundMs> ms (<n> probes)` (then `state`'s text on a new line)
 *   when the bound passed without a match.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: {
    readonly everyMs?: number;
    readonly boundMs?: number;
    readonly state?: () => Promise<string> | string;
  } = {},
): Promise<T> {
  const { everyMs = EVERY_MS, boundMs = POLL_BOUND_MS, state } = options;
  const giveUpAt = Date.now() + boundMs;
  for (let probes = 1; ; probes++) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() >= giveUpAt) {
      const said = `no ${what} within ${boundMs} ms (${probes} probes)`;
      if (!state) throw new Error(said);
      // A state that cannot be read still leaves the poll's own message.
      const text = await Promise.resolve()
        .then(state)
        .catch((e: unknown) => `(state unreadable: ${String(e)})`);
      throw new Error(`${said}\n${text}`);
    }
    await pause(everyMs);
  }
}
