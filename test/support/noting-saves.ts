import type { SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';

/** `store` whose fenced views note the last record saved (once its save answered). */
export function notingSaves(store: SyncStateStore, saved: (record: RunRecord) => void): SyncStateStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'fenced')
        return (fence: Parameters<SyncStateStore['fenced']>[0]) => {
          const view = target.fenced(fence);
          return new Proxy(view, {
            get(t, p, r) {
              const v = Reflect.get(t, p, r) as unknown;
              if (p === 'saveRun')
                return async (record: RunRecord) => {
                  await (v as SyncStateStore['saveRun']).call(t, record);
                  saved(record);
                };
              return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
            },
          });
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
