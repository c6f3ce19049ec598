import { CREATE_TURN_LINE, LONGEST_LEASE_MS, createTurnKey } from '../../src/core/lease.js';
import type { Clock } from '../../src/core/ports.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';

/** Where the armed call fails: before it did anything, or after it landed (its answer lost). */
export type FailMode = 'before' | 'after';

/**
 * The memory store with its Nth lease call (acquire, renew, release) failing once armed (the
 * give-back tables: test/server/lease-give-back, test/core/create-turn-give-back). `calls` counts
 * the lease calls since `arm`: arming at 0 counts a clean path's calls without failing any.
 */
export class FailingLeases extends MemorySyncStateStore {
  armed = false;
  calls = 0;
  failAt = 0;
  mode: FailMode = 'before';
  thrown = false;

  arm(failAt: number, mode: FailMode): void {
    Object.assign(this, { armed: true, calls: 0, failAt, mode, thrown: false });
  }

  private async step<T>(work: () => Promise<T>): Promise<T> {
    if (!this.armed || ++this.calls !== this.failAt) return work();
    this.thrown = true;
    if (this.mode === 'after') await work();
    throw new Error('store down (lease)');
  }

  override acquireLease(...a: Parameters<MemorySyncStateStore['acquireLease']>) {
    return this.step(() => super.acquireLease(...a));
  }
  override renewLease(...a: Parameters<MemorySyncStateStore['renewLease']>) {
    return this.step(() => super.renewLease(...a));
  }
  override releaseLease(...a: Parameters<MemorySyncStateStore['releaseLease']>) {
    return this.step(() => super.releaseLease(...a));
  }
}

/** Every row of a path's table: each of its `calls` lease calls failing before and after it landed. */
export function failRows(calls: number): [number, FailMode][] {
  return Array.from({ length: calls }, (_, i) => i + 1).flatMap((n): [number, FailMode][] => [
    [n, 'before'],
    [n, 'after'],
  ]);
}

/** The keys of `company`'s create turn (0) and every place of its line. */
export const lineKeys = (company: string | undefined): string[] =>
  Array.from({ length: CREATE_TURN_LINE + 1 }, (_, n) => createTurnKey(company, n));

/**
 * The keys `other` could not take at once now (held by whoever the row left them with); each one
 * taken is let go again. Unarmed: the probe's own calls never fail.
 */
export async function refusedKeys(
  store: FailingLeases,
  clock: Clock,
  keys: readonly string[],
): Promise<string[]> {
  const armed = store.armed;
  store.armed = false;
  const refused: string[] = [];
  for (const k of keys) {
    const got = await store.acquireLease(k, 'other-owner', clock.now(), LONGEST_LEASE_MS);
    if (got.ok) await store.releaseLease(k, 'other-owner');
    else refused.push(k);
  }
  store.armed = armed;
  return refused;
}
