import type { Mailbox } from '../../src/core/ports.js';

/**
 * The mailbox with its first create held until `release` (a slow Graph $batch): `entered` resolves
 * when that create has started, so a test can act while a run's write is in flight.
 */
export function heldCreates(mailbox: Mailbox) {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const port = new Proxy(mailbox, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'create' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (first) {
          first = false;
          enter();
          await gate;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { port, entered, release };
}
