import { afterAll, beforeAll } from '@jest/globals';

/**
 * What `setup` makes, before the enclosing describe block's tests (handed to `take`), torn down
 * after them: the set-up every contract block (a port's adapter, a store) repeated.
 */
export function withBlockSetup<E extends { readonly teardown: () => Promise<void> }>(
  setup: () => Promise<E>,
  take: (made: E) => void,
): void {
  let made: E | undefined;
  beforeAll(async () => {
    made = await setup();
    take(made);
  });
  afterAll(async () => {
    await made?.teardown();
  });
}
