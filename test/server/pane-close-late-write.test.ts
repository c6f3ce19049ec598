import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS, announcedKeepMs } from '../../src/core/lease.js';
import type { OutlookContactDraft } from '../../src/core/model.js';
import type { Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { LeaseKeepingStore, leaveOnClose } from '../../src/taskpane/engine/leave-on-close.js';
import { person } from '../support/world.js';
import { ANN, outlookIn, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Brief pagehide: a pane closed mid-run let go of its lease at once while a create it had sent to
// Graph could still land (up to one write timeout). A scheduled run taking the lease in that window
// found the create not landed yet and created the contact again: two Outlook copies. The facade now
// keeps the lease until the pane's writes can no longer land (core/run-interrupted.ts letGoOrKeep).

const BASE = 'http://localhost/sync/v1';

/** The user's mailbox as the pane's engine sees it: its creates are sent and never answered. */
function sentNotAnswered(inner: Mailbox): {
  mailbox: Mailbox;
  sent: Promise<void>;
  /** The create reaches the mailbox now (the answer goes nowhere: the pane is gone). */
  land: () => Promise<void>;
} {
  let landing: (() => Promise<void>) | null = null;
  let onSent!: () => void;
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  const mailbox = Object.create(inner) as Mailbox;
  mailbox.create = (folderId: string, drafts: readonly OutlookContactDraft[]) => {
    landing = async () => void (await inner.create(folderId, drafts));
    onSent();
    return new Promise(() => undefined);
  };
  return { mailbox, sent, land: () => landing!() };
}

describe('a pane closed mid-run: no other host writes while its sent writes may land', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await syncHarness();
    h.bc.seed(person(1));
  });
  afterEach(() => h.close());

  test('the example: the pane sends a create, closes, the create lands late; a scheduled run in the window → one Outlook contact', async () => {
    const bearer = (await h.auth(ANN)).slice('Bearer '.length);
    const send = injectFetch(h.app);
    const store = new LeaseKeepingStore({ baseUrl: BASE, getToken: async () => bearer, fetch: send });
    const late = sentNotAnswered(h.mailbox(ANN));
    let stopped = false;
    const runId = 'pane-closing';
    // Its run is abandoned with the page: its create's answer never comes.
    void runSync(
      { bc: h.bc, mailbox: late.mailbox, store, clock: h.clock, logger: silentLogger },
      { runId, userId: ANN, mode: 'full', dryRun: false, trigger: 'pane' },
      { cancel: { isCancelled: () => stopped } },
    ).catch(() => undefined);
    await late.sent;

    const page = new EventTarget();
    const answers: Promise<Response>[] = [];
    const keepalive = ((input: RequestInfo | URL, init?: RequestInit) => {
      const answer = send(input, init);
      answers.push(answer);
      return answer;
    }) as typeof fetch;
    leaveOnClose({
      page,
      base: BASE,
      store,
      token: () => bearer,
      stop: () => (stopped = true),
      fetch: keepalive,
    });
    page.dispatchEvent(new Event('pagehide'));
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([204]);
    // Interrupted at once, as before (the pane and GET runs show it).
    expect((await h.store.getRun(ANN, runId))?.status).toBe('interrupted');

    // A scheduled run in the window: refused (it would find the create not landed, and make it).
    // The window: the keep of the save announcing the create (made at the close's moment here).
    h.clock.advance(announcedKeepMs(DEFAULT_WRITE_SETTLE_MS) - 1_000);
    const inWindow = await h.manager.runNow(ANN, { mode: 'full', trigger: 'schedule' }).then(
      (o) => o.record.status,
      (e: unknown) => (e as Error).name,
    );
    await late.land();
    // One copy in Outlook (two before: the scheduled run's and the pane's, landed late).
    expect(outlookIn(h, ANN)).toHaveLength(1);
    expect(inWindow).toBe('RunAlreadyActiveError');

    // Past the window the scheduled run starts, and finds the create that landed.
    h.clock.advance(1_000);
    const after = await h.manager.runNow(ANN, { mode: 'full', trigger: 'schedule' });
    expect(after.record.status).toBe('succeeded');
    expect(outlookIn(h, ANN)).toHaveLength(1);
  });
});
