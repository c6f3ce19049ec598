import { describe, expect, test } from '@jest/globals';
import { heldPorts } from '../../src/core/lease-keeper.js';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { CancelRequestedError } from '../../src/core/run-errors.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/fixtures.js';
import { virtualClock } from '../support/virtual-clock.js';
import { BASE, graphErrorBody, scriptedGraph } from './scripted-graph.js';
import { MAILBOX_WRITES, mailboxWritesAnswer } from './mailbox-writes-script.js';
import type { MailboxWrite } from './mailbox-writes-script.js';

/*
 * Which check a Graph write's SendAgain asks of the run's held ports (lease-keeper.ts againHeld):
 * before a send in its turn (after the concurrency limiter's and the quota pacer's planned waits:
 * Graph asks before every envelope) the run's `inTurn` (a save of the record only once a while,
 * run.ts), after a failure's wait (a 429's Retry-After) the run's `fresh` (a save of the record:
 * a cancel marked at any process meanwhile is seen, review V10). 04492f9 asked `fresh` before
 * every envelope after a call's first: a first full sync of 1,000 contacts saved its record 49
 * times more (bench first-full store calls 24 -> 73).
 */

const WINDOW_MS = 2_000;
/**
 * A mailbox on a scripted Graph, through held ports whose checks are counted: `fresh` refuses once
 * a cancel is marked (the store refuses the run's save), `inTurn` and `held` do not see it (the
 * lease is held). `throttleFirst`: the first write is answered 429 (Retry-After 1 s) and the cancel
 * is marked at another process as it is. `quota`: the calls the pacer admits per window.
 */
function setup(options: { throttleFirst: boolean; quota: number | null }) {
  const clock = virtualClock();
  const asked = { fresh: 0, inTurn: 0 };
  const mark = { marked: false, callsAt: Infinity };
  let throttled = false;
  const graph = scriptedGraph((req) => {
    if (options.throttleFirst && req.method !== 'GET' && !throttled) {
      throttled = true;
      mark.marked = true;
      mark.callsAt = graph.calls.length;
      return {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: graphErrorBody('TooManyRequests', 'slow'),
      };
    }
    return mailboxWritesAnswer(req);
  });
  const mailbox = new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    fetch: graph.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    assumedQuota: options.quota === null ? null : { quota: options.quota, windowMs: WINDOW_MS },
  });
  const held = async (): Promise<void> => undefined;
  const fresh = async (): Promise<void> => {
    asked.fresh++;
    if (mark.marked) throw new CancelRequestedError();
  };
  const inTurn = async (): Promise<void> => {
    asked.inTurn++;
  };
  const ports = heldPorts({ bc: {} as BcContacts, mailbox: mailbox as Mailbox }, held, fresh, inTurn);
  const writesAfterMark = () => graph.calls.slice(mark.callsAt).filter((c) => c.method !== 'GET').length;
  return { clock, graph, asked, ports, writesAfterMark };
}

function write(m: Mailbox, kind: MailboxWrite, contacts = 1): Promise<unknown> {
  const ids = Array.from({ length: contacts }, (_, i) => i + 1);
  switch (kind) {
    case 'create':
      return m.create(
        'f1',
        ids.map((i) => outlookDraft(i)),
      );
    case 'update':
      return m.update(
        'f1',
        ids.map((i) => ({
          id: `c${i}`,
          changeKey: 'ck1',
          patch: { displayName: `Person ${i}`, jobTitle: 'Moved' },
        })),
      );
    case 'delete':
      return m.delete(
        'f1',
        ids.map((i) => ({ id: `c${i}`, changeKey: 'ck1' })),
      );
    case 'ensureFolder':
      return m.ensureFolder('Business Central');
    case 'renameFolderById':
      return m.renameFolderById('f1', 'Renamed');
  }
}

const settled = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('a Graph write asks `inTurn` before a send in its turn, `fresh` after a failure wait', () => {
  test.each(MAILBOX_WRITES.map((w) => [w]))(
    '%s: a 429, the cancel marked meanwhile: nothing sent after it',
    async (kind) => {
      const { clock, asked, ports, writesAfterMark } = setup({ throttleFirst: true, quota: null });
      await clock.drive(settled(write(ports.mailbox, kind)));
      // The send after the 429's wait asked the run's save (refused: the cancel was marked).
      expect(writesAfterMark()).toBe(0);
      expect(asked.fresh).toBeGreaterThanOrEqual(1);
    },
  );

  test.each([
    ['create', 1_000],
    ['update', 1_000],
    ['delete', 1_000],
  ] as const)('%s of %i contacts (50 sends, paced, no failure): no `fresh` ask', async (kind, n) => {
    const { clock, graph, asked, ports } = setup({ throttleFirst: false, quota: 100 });
    const started = clock.now();
    await clock.drive(write(ports.mailbox, kind, n));
    const writes = graph.calls.filter((c) => c.method !== 'GET').length;
    // The pacer made them wait (100 a window of 2 s: about 10 windows), and every envelope asked.
    expect({ writes, waited: clock.now() - started > 5 * WINDOW_MS }).toEqual({ writes: n, waited: true });
    // Before: `fresh` (a save of the run's record) before each envelope after the call's first, 49.
    // One ask per send: an envelope of 20, 48 sequential envelopes of 20 (lanes, each right before
    // its own wire: lane-rounds), one of 20.
    expect(asked).toEqual({ fresh: 0, inTurn: 50 });
  });

  test.each([['ensureFolder'], ['renameFolderById']] as const)(
    '%s: asked `fresh` when it is called (no save announced it), `inTurn` before its send',
    async (kind) => {
      const { clock, asked, ports } = setup({ throttleFirst: false, quota: null });
      await clock.drive(write(ports.mailbox, kind));
      expect(asked).toEqual({ fresh: 1, inTurn: 1 });
    },
  );
});
