import type { SyncStateStore } from '../../src/core/ports.js';

export interface StoreCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** One store call and how many rows it answered (0 for a non-list answer). */
export interface AnsweredCall {
  readonly method: string;
  readonly rows: number;
}

/** A log of calls; `take()` returns it and clears it. */
export interface CallLog<T> {
  take(): T[];
}

/**
 * Wraps every method of `store` in place (code holding the store sees the same object, its fenced
 * views included): each call goes through `around`, which makes it (`invoke`), returns its answer
 * and logs what it will (`push`).
 */
function wrapStore<T>(
  store: SyncStateStore,
  around: (method: string, args: unknown[], invoke: () => unknown, push: (entry: T) => void) => unknown,
): CallLog<T> {
  let log: T[] = [];
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
    const invoke = (args: unknown[]) => () => (fn as (...a: unknown[]) => unknown).apply(store, args);
    target[name] = (...args: unknown[]) => around(name, args, invoke(args), (entry) => log.push(entry));
  }
  return {
    take() {
      const out = log;
      log = [];
      return out;
    },
  };
}

/** Records every call made on a state store from now on, with its arguments (logged as it is made). */
export function recordStoreCalls(store: SyncStateStore): CallLog<StoreCall> {
  return wrapStore<StoreCall>(store, (method, args, invoke, push) => {
    push({ method, args });
    return invoke();
  });
}

/** Rows in a store answer: a list, or a page of one (`items`). */
function rowsOf(answer: unknown): number {
  if (Array.isArray(answer)) return answer.length;
  const items = (answer as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items.length : 0;
}

/**
 * Records every asynchronous call made on a state store from now on (logged once it has been made),
 * with the rows it answered, filled in before the caller sees the answer. Synchronous methods are
 * not logged.
 */
export function recordAnsweredCalls(store: SyncStateStore): CallLog<AnsweredCall> {
  return wrapStore<AnsweredCall>(store, (method, _args, invoke, push) => {
    const out = invoke();
    if (!(out instanceof Promise)) return out;
    const entry = { method, rows: 0 };
    push(entry);
    return out.then((answer: unknown) => {
      entry.rows = rowsOf(answer);
      return answer;
    });
  });
}
