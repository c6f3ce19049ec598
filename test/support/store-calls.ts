import type { SyncStateStore } from '../../src/core/ports.js';

export interface StoreCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/**
 * Records every call made on a state store from now on (the store's own methods are wrapped in
 * place, so code holding the store sees the same object). `take()` returns and clears the log.
 */
export function recordStoreCalls(store: SyncStateStore): { take(): StoreCall[] } {
  let log: StoreCall[] = [];
  const target = store as unknown as Record<string, unknown>;
  let proto = Object.getPrototypeOf(store) as object | null;
  const names = new Set<string>();
  while (proto && proto !== Object.prototype) {
    for (const n of Object.getOwnPropertyNames(proto)) if (n !== 'constructor') names.add(n);
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  for (const name of names) {
    const fn = target[name];
    if (typeof fn !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      log.push({ method: name, args });
      return (fn as (...a: unknown[]) => unknown).apply(store, args);
    };
  }
  return {
    take() {
      const out = log;
      log = [];
      return out;
    },
  };
}
