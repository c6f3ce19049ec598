import { describe, expect, test } from '@jest/globals';
import { heldPorts } from '../../src/core/lease-keeper.js';
import type { BcContacts, Mailbox, WriteOutcome } from '../../src/core/ports.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/fixtures.js';
import { virtualClock } from '../support/virtual-clock.js';
import { BASE, graphContact, scriptedGraph } from './scripted-graph.js';
import { MAILBOX_WRITES, mailboxWritesAnswer } from './mailbox-writes-script.js';
import type { MailboxWrite } from './mailbox-writes-script.js';

/*
 * Review V8: a held write checked the run's lease once, when the port call started (lease-keeper.ts
 * heldBeforeWrites); the adapter then waited for the quota pacer (since 7fae373 it paces by
 * Outlook's documented limits from the first call: up to a whole window) and sent without asking
 * again, so a host whose lease lapsed during the wait wrote beside the host that took it. Every Graph
 * write is asked again right before the wire (GraphTransport.paced). Table: each write of the Mailbox
 * port, through the run's held ports, made while the quota of one call per window is spent, the
 * lease lost during the pacer's wait: nothing written after the loss, nothing answered ok.
 */

const WINDOW_MS = 60_000;
/**
 * A mailbox on `graph` whose quota is `quota` calls a window, on `clock`; `onWait` is told when the
 * pacer first makes a write wait (the run's host stalls there past its lease, another takes it).
 */
function pacedMailbox(
  clock: ReturnType<typeof virtualClock>,
  graph: ReturnType<typeof scriptedGraph>,
  quota: number,
  onWait: () => void,
): GraphMailbox {
  let waited = false;
  return new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    fetch: graph.fetch,
    now: clock.now,
    random: () => 0,
    assumedQuota: { quota, windowMs: WINDOW_MS },
    sleep: (ms: number) => {
      if (ms > 0 && !waited) {
        waited = true;
        onWait();
      }
      return clock.sleep(ms);
    },
  });
}

/** The mailbox on a scripted Graph whose quota is one call a window, and the run's lease. */
function setup() {
  const clock = virtualClock();
  const graph = scriptedGraph(mailboxWritesAnswer);
  const lease = { lost: false, callsAtLoss: Infinity };
  const mailbox = pacedMailbox(clock, graph, 1, () => {
    lease.lost = true;
    lease.callsAtLoss = graph.calls.length;
  });
  const held = async (): Promise<void> => {
    if (lease.lost) throw new LeaseLostError('the lease was taken over');
  };
  const ports = heldPorts({ bc: {} as BcContacts, mailbox: mailbox as Mailbox }, held);
  const writesAfterLoss = () =>
    graph.calls
      .slice(Number.isFinite(lease.callsAtLoss) ? lease.callsAtLoss : graph.calls.length)
      .filter((c) => c.method !== 'GET').length;
  return { clock, graph, lease, mailbox, ports, writesAfterLoss };
}

async function write(
  ports: { mailbox: Mailbox },
  kind: MailboxWrite,
): Promise<WriteOutcome<unknown>[] | unknown> {
  const m = ports.mailbox;
  switch (kind) {
    case 'create':
      return m.create('f1', [outlookDraft(1)]);
    case 'update':
      return m.update('f1', [
        { id: 'c1', changeKey: 'ck1', patch: { displayName: 'Person 1', jobTitle: 'Moved' } },
      ]);
    case 'delete':
      return m.delete('f1', [{ id: 'c1', changeKey: 'ck1' }]);
    case 'ensureFolder':
      return m.ensureFolder('Business Central');
    case 'renameFolderById':
      return m.renameFolderById('f1', 'Renamed');
  }
}

describe('every Graph write asks the lease after its wait for the quota, before the wire (V8)', () => {
  test.each(MAILBOX_WRITES.map((w) => [w]))(
    '%s: the lease lost in the pacer wait, nothing sent after it',
    async (kind) => {
      const { clock, lease, mailbox, ports, writesAfterLoss } = setup();
      // The window's one call is spent by a read: the write waits a window for its turn.
      await clock.drive(mailbox.findFolder('Anything'));
      const ended = await clock.drive(
        Promise.resolve(write(ports, kind)).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
      );
      expect(lease.lost).toBe(true);
      expect(writesAfterLoss()).toBe(0);
      if ('error' in ended) expect(ended.error).toBeInstanceOf(LeaseLostError);
      else {
        // A batched write: each item ends not applied (`unavailable`), so the next run writes it.
        const outcomes = ended.value as WriteOutcome<unknown>[];
        expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(['unavailable']);
      }
    },
  );

  test('the lease still held after the wait: every write goes, once', async () => {
    for (const kind of MAILBOX_WRITES) {
      const { clock, graph, mailbox, ports } = setup();
      await clock.drive(mailbox.findFolder('Anything'));
      // Held throughout: only the run's own lease keeper could say otherwise.
      const free = heldPorts({ bc: {} as BcContacts, mailbox: mailbox as Mailbox }, async () => undefined);
      void ports;
      await clock.drive(Promise.resolve(write(free, kind)));
      expect(graph.calls.filter((c) => c.method !== 'GET')).toHaveLength(1);
    }
  });

  test('the example: 40 creates at 20 a window, the lease lost in the wait: the second 20 never go', async () => {
    const clock = virtualClock();
    let lostAt = Infinity;
    const sentAt: number[] = [];
    let seq = 0;
    const graph = scriptedGraph((req) => {
      if (req.method === 'POST') {
        sentAt.push(clock.now());
        seq++;
        return { status: 201, body: graphContact(`c${seq}`, `ck${seq}`) };
      }
      return { status: 200, body: { value: [] } };
    });
    const mailbox = pacedMailbox(clock, graph, 20, () => {
      lostAt = clock.now();
    });
    const drafts = Array.from({ length: 40 }, (_, i) => outlookDraft(i + 1));
    const again = async () => clock.now() <= lostAt;
    const outcomes = await clock.drive(mailbox.create('folder-1', drafts, again));
    expect(lostAt).toBeLessThan(Infinity);
    // Before: the second 20 went a window after the lease was lost, 40 ok.
    expect({
      afterLoss: sentAt.filter((t) => t > lostAt).length,
      ok: outcomes.filter((o) => o.ok).length,
      notApplied: outcomes.filter((o) => !o.ok && o.error.kind === 'unavailable').length,
    }).toEqual({ afterLoss: 0, ok: 20, notApplied: 20 });
  });
});
