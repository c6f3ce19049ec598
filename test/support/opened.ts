import { afterAll, beforeAll } from '@jest/globals';

interface Closable {
  close(): unknown;
}

/**
 * One resource for the tests of the enclosing `describe` (or file): opened in a `beforeAll`, closed
 * in an `afterAll` (when it opened). The value returned stands in for it, so tests read `h.app` as
 * they would a `let h` set by the hooks; touching it outside a test or hook is an error that says so.
 */
export function openedForTests<T extends Closable>(open: () => Promise<T>): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await open();
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (current === undefined)
        throw new Error(`openedForTests: .${String(key)} read before beforeAll opened it`);
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    has: (_, key) => current !== undefined && key in current,
  });
}
