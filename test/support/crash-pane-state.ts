import type { SyncStateStore } from '../../src/core/ports.js';
import { LeaseKeepingStore, leaveOnClose } from '../../src/taskpane/engine/leave-on-close.js';
import type { Stopper } from './crash-stops.js';

/**
 * The pane host's state over the sync API (crash-hosts.ts), as the pane keeps it
 * (leave-on-close.ts): a `close` stop is the page going away, its `pagehide` letting go of every
 * lease the store asked for with keepalive releases; the run's death waits for their answers, so
 * the model's next step sees what they did.
 */
export function paneState(fetch: typeof globalThis.fetch, token: string, stopper: Stopper): SyncStateStore {
  const base = 'http://facade.internal/sync/v1';
  const store = new LeaseKeepingStore({ baseUrl: base, getToken: async () => token, fetch });
  stopper.onClose = async () => {
    const page = new EventTarget();
    const sent: Promise<Response>[] = [];
    leaveOnClose({
      page,
      base,
      store,
      token: () => token,
      stop: () => undefined,
      fetch: (input, init) => {
        const res = fetch(input, init);
        sent.push(res);
        return res;
      },
    });
    page.dispatchEvent(new Event('pagehide'));
    await Promise.allSettled(sent);
  };
  return store;
}
