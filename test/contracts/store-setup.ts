import { afterAll, beforeAll } from '@jest/globals';
import type { SyncStateStore } from '../../src/core/ports.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';

/** How a contract gets the store it checks, and gives it back. */
export type StoreSetup = () => Promise<{ store: SyncStateStore; teardown: () => Promise<void> }>;

/**
 * The store `setup` makes, before the enclosing describe block's tests (handed to `take`), torn
 * down after them: one home for the set-up every state-store contract block repeated.
 */
export function withStore(setup: StoreSetup, take: (store: SyncStateStore) => void): void {
  let teardown: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const made = await setup();
    take(made.store);
    teardown = made.teardown;
  });
  afterAll(async () => {
    await teardown?.();
  });
}

let seq = 0;

/** A user key no other test uses (the facade's <tenant id>:<object id> form), named by `prefix`. */
export function freshUserKey(prefix: string): string {
  seq += 1;
  return devUserKey(`${prefix}-${seq}-${Math.random().toString(36).slice(2, 8)}@contoso.example`);
}
