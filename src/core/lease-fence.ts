import { LeaseLostError } from './run-errors.js';
import type { SyncStateStore } from './state-store-port.js';

/*
 * Fencing of state writes by the run lease (issue 9, after F105): a run that no longer holds its
 * folder's lease — its renewals were dropped, another host took the folder — must not land any
 * state write, whatever it believes. The keeper's checks (lease-keeper.ts) stop a run that KNOWS
 * it lost the lease; the fence stops one that does not, at the store, atomically with the write.
 */

/**
 * Every method of the state store that writes a folder's run state: what a fenced store checks
 * before each write. Settings are the user's (no run writes them) and leases fence themselves.
 * @internal
 */
export const FENCED_WRITES = [
  'putCursor',
  'upsertLinks',
  'deleteLinks',
  'addPendingCreates',
  'clearPendingCreates',
  'saveRun',
  'putConflicts',
  'putSkipped',
] as const satisfies readonly (keyof SyncStateStore)[];

/** @internal */
export type FencedWrite = (typeof FENCED_WRITES)[number];

/**
 * The refusal of a write whose fence's owner no longer holds the lease: the code `leaseLost`, as the
 * keeper's own (lease-keeper.ts); the edge words it (server/http-error.ts, the run's words).
 */
export function leaseLost(): LeaseLostError {
  return new LeaseLostError('leaseLost');
}

/**
 * `store` with each of FENCED_WRITES run through `guarded`: the adapter's one check that the
 * fence's owner holds the lease, made atomically with the write it wraps (memory: in the same
 * turn of the event loop; SQL: in one transaction that locks the lease row). `guarded` gets the
 * write as a function of the store to write through (a transaction's store for SQL) and throws
 * `leaseLost()` without calling it when the lease is not held. Reads pass through.
 */
export function fencedWrites(
  store: SyncStateStore,
  guarded: <T>(write: (through: SyncStateStore) => Promise<T>) => Promise<T>,
): SyncStateStore {
  const view = Object.create(store) as SyncStateStore;
  const overrides: Partial<Record<FencedWrite, unknown>> = {};
  for (const method of FENCED_WRITES)
    overrides[method] = (...args: unknown[]) =>
      guarded((through) => (through[method] as (...a: unknown[]) => Promise<unknown>).apply(through, args));
  return Object.assign(view, overrides);
}

/**
 * `store` with its FENCED_WRITES taken from `fenced` (`store.fenced(...)`) and everything else
 * from `store` itself: a host's or a test's wrapper of the store (a proxy that slows or counts its
 * reads) stays in front of every read, while every write goes through the adapter's fence.
 */
export function withFencedWrites(store: SyncStateStore, fenced: SyncStateStore): SyncStateStore {
  const writes = new Set<PropertyKey>(FENCED_WRITES);
  return new Proxy(store, {
    get(target, property, receiver) {
      if (!writes.has(property)) return Reflect.get(target, property, receiver) as unknown;
      // Bound: an adapter's fenced view keeps its fence on itself (HttpSyncStateStore).
      const write = Reflect.get(fenced, property, fenced) as (...a: unknown[]) => unknown;
      return write.bind(fenced);
    },
  });
}
