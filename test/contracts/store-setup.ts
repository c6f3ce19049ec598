import type { SyncStateStore } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { withBlockSetup } from '../support/block-setup.js';

/** How a contract gets the store it checks, and gives it back. */
export type StoreSetup = () => Promise<{ store: SyncStateStore; teardown: () => Promise<void> }>;

/**
 * The store `setup` makes, before the enclosing describe block's tests (handed to `take`), torn
 * down after them: one home for the set-up every state-store contract block repeated.
 */
export function withStore(setup: StoreSetup, take: (store: SyncStateStore) => void): void {
  withBlockSetup(setup, (made) => take(made.store));
}

let seq = 0;

/** A user key no other test uses (the facade's <tenant id>:<object id> form), named by `prefix`. */
export function freshUserKey(prefix: string): string {
  seq += 1;
  return devUserKey(`${prefix}-${seq}-${Math.random().toString(36).slice(2, 8)}@contoso.example`);
}

/**
 * One store for every block of a contract (CI time): `setup` runs when the first block starts and
 * `close` (an afterAll of the enclosing describe) tears it down. Each block got its own store
 * before, and a store behind a live facade costs a PGlite load and a Fastify start (~80 s at load
 * 33). Sound because every test works under its own fresh user keys, as the main block always did.
 */
export function shareStore(setup: StoreSetup): { readonly setup: StoreSetup; close(): Promise<void> } {
  let made: ReturnType<StoreSetup> | undefined;
  return {
    setup: async () => {
      made ??= setup();
      return { store: (await made).store, teardown: async () => undefined };
    },
    close: async () => {
      if (made) await (await made).teardown();
    },
  };
}
