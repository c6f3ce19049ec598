import type { RecordCommit, SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';

/** What a test does around one record save of a fenced view: `send` makes the save as asked. */
type AroundSave = (record: RunRecord, commit: RecordCommit, send: () => Promise<void>) => Promise<void>;

/** `store` whose fenced views' record saves go through `around` (the commit asked passes on unchanged). */
export function aroundFencedSaves(store: SyncStateStore, around: AroundSave): SyncStateStore {
  const bound = (v: unknown, self: object) =>
    typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(self) : v;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'fenced') return bound(value, target);
      return (fence: Parameters<SyncStateStore['fenced']>[0]) => {
        const view = target.fenced(fence);
        return new Proxy(view, {
          get(t, p, r) {
            const v = Reflect.get(t, p, r) as unknown;
            if (p !== 'saveRun') return bound(v, t);
            return (record: RunRecord, commit: RecordCommit = 'flushed') =>
              around(record, commit, () => (v as SyncStateStore['saveRun']).call(t, record, commit));
          },
        });
      };
    },
  });
}

/** `store` whose fenced views note the last record saved (once its save answered). */
export function notingSaves(store: SyncStateStore, saved: (record: RunRecord) => void): SyncStateStore {
  return aroundFencedSaves(store, async (record, _commit, send) => {
    await send();
    saved(record);
  });
}
