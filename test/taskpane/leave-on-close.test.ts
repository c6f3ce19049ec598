import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS, LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { startingRecord } from '../../src/core/records.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { LeaseKeepingStore, leaveOnClose } from '../../src/taskpane/engine/leave-on-close.js';
import { ANN, call, syncHarness } from '../server/sync-harness.js';
import type { SyncHarness } from '../server/sync-harness.js';

// Brief runend: a pane closed mid-run left its run `running` (pane, GET runs) and the user's next
// sync refused until its lease ran out and the reaper swept: up to 40 s. Its `pagehide` now stops
// the run and lets go of its leases (fetch keepalive); the facade marks the run interrupted.

const BASE = 'http://localhost/sync/v1';
const FOLDER = 'Business Central';

describe('the pane lets go of its run when it closes', () => {
  let h: SyncHarness;
  let sent: { url: string; keepalive: boolean | undefined }[];
  let store: LeaseKeepingStore;
  let token: string | null;
  let send: typeof fetch;
  /** The answers of what was sent (a keepalive request's is awaited by nobody in the pane). */
  let answers: Promise<Response>[];
  beforeEach(async () => {
    h = await syncHarness();
    const inject = injectFetch(h.app);
    sent = [];
    answers = [];
    send = ((input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), keepalive: init?.keepalive });
      const answer = inject(input, init);
      answers.push(answer);
      return answer;
    }) as typeof fetch;
    token = null;
    const bearer = (await h.auth(ANN)).slice('Bearer '.length);
    store = new LeaseKeepingStore({ baseUrl: BASE, getToken: async () => (token = bearer), fetch: send });
  });
  afterEach(() => h.close());

  /** The pane's run as its engine starts it: the folder's lease, then its `running` record. */
  async function paneRun(id: string): Promise<void> {
    const now = h.clock.now();
    expect(await store.acquireLease(leaseKeyOf(ANN, FOLDER), id, now, LEASE_TTL_MS)).toEqual({ ok: true });
    const record = startingRecord(
      { id, userId: ANN, folderName: FOLDER, mode: 'full', dryRun: false, trigger: 'pane' },
      now,
    );
    await store.fenced({ key: leaseKeyOf(ANN, FOLDER), owner: id }).saveRun(record);
  }

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('the example: pagehide stops the run, lets go with keepalive, and the run shows interrupted at once', async () => {
    await paneRun('pane-run');
    const page = new EventTarget();
    let stopped = 0;
    leaveOnClose({ page, base: BASE, store, token: () => token, stop: () => stopped++, fetch: send });
    sent = [];
    page.dispatchEvent(new Event('pagehide'));
    expect((await Promise.all(answers)).map((r) => r.status).at(-1)).toBe(204);
    expect(stopped).toBe(1);
    expect(sent).toEqual([{ url: `${BASE}/state/lease/release`, keepalive: true }]);
    expect((await h.store.getRun(ANN, 'pane-run'))?.status).toBe('interrupted');
    // The user's next sync starts once the writes the pane sent can no longer land (brief
    // pagehide: at once, it could create a contact whose create was still on its way).
    expect((await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).status).toBe(409);
    h.clock.advance(DEFAULT_WRITE_SETTLE_MS);
    expect((await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).status).toBe(202);
  });

  test('the stopped run’s own end, sent after pagehide, keeps the lease too (its calls may land still)', async () => {
    await paneRun('pane-run');
    const page = new EventTarget();
    // No token yet: nothing goes out with keepalive; the run's end (stopped: cancelled) goes out after.
    leaveOnClose({ page, base: BASE, store, token: () => null, stop: () => undefined, fetch: send });
    page.dispatchEvent(new Event('pagehide'));
    const fence = { key: leaseKeyOf(ANN, FOLDER), owner: 'pane-run' };
    const stopped = { ...(await h.store.getRun(ANN, 'pane-run'))!, status: 'cancelled' as const };
    await store.endRun({ fence, run: stopped });
    expect((await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).status).toBe(409);
    h.clock.advance(DEFAULT_WRITE_SETTLE_MS);
    expect((await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).status).toBe(202);
  });

  test('a hidden pane (visibilitychange) runs on: nothing is let go', async () => {
    await paneRun('pane-run');
    const page = new EventTarget();
    let stopped = 0;
    leaveOnClose({ page, base: BASE, store, token: () => token, stop: () => stopped++, fetch: send });
    sent = [];
    page.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect({ stopped, sent: sent.length }).toEqual({ stopped: 0, sent: 0 });
    expect((await h.store.getRun(ANN, 'pane-run'))?.status).toBe('running');
  });

  test('a lease let go by the run itself is not sent again; after the run, pagehide sends nothing', async () => {
    await paneRun('pane-run');
    // Its end stored, then its lease let go (core endRun's order).
    const ended = { ...(await h.store.getRun(ANN, 'pane-run'))!, status: 'succeeded' as const };
    await store.fenced({ key: leaseKeyOf(ANN, FOLDER), owner: 'pane-run' }).saveRun(ended);
    await store.releaseLease(leaseKeyOf(ANN, FOLDER), 'pane-run');
    expect(store.held.size).toBe(0);
    const page = new EventTarget();
    const stop = leaveOnClose({
      page,
      base: BASE,
      store,
      token: () => token,
      stop: () => undefined,
      fetch: send,
    });
    await paneRun('pane-run-2');
    stop();
    sent = [];
    page.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(sent).toEqual([]);
  });
});
