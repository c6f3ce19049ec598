import { describe, expect, test } from '@jest/globals';
import type { Mailbox, SendAgain } from '../../src/core/ports.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/fixtures.js';
import { BASE, scriptedGraph } from './scripted-graph.js';
import { mailboxWritesAnswer } from './mailbox-writes-script.js';

/*
 * GraphMailbox says `asksBeforeEverySend` (ports.ts): the run then makes a contact write call
 * while the save announcing it is out, and only its SendAgain waits for that save
 * (uncertain-writes.ts `sendingAsked`). That is safe only if every request of the call, the first
 * one included, asks before the wire and sends nothing it was refused: checked for each contact
 * write, with envelopes of several (25 items: two envelopes).
 */

const CONTACT_WRITES = ['create', 'update', 'delete'] as const;
const ITEMS = 25;

function write(mailbox: Mailbox, kind: (typeof CONTACT_WRITES)[number], again: SendAgain) {
  const n = Array.from({ length: ITEMS }, (_, i) => i + 1);
  if (kind === 'create')
    return mailbox.create(
      'f1',
      n.map((i) => outlookDraft(i)),
      again,
    );
  if (kind === 'update')
    return mailbox.update(
      'f1',
      n.map((i) => ({
        id: `c${i}`,
        changeKey: 'ck1',
        patch: { displayName: `C ${i}`, jobTitle: 'New', bcId: `b${i}`, faxNumber: '' },
      })),
      again,
    );
  return mailbox.delete(
    'f1',
    n.map((i) => ({ id: `c${i}`, changeKey: 'ck1' })),
    again,
  );
}

function setup() {
  const graph = scriptedGraph(mailboxWritesAnswer);
  const mailbox = new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    fetch: graph.fetch,
    random: () => 0,
  });
  const writes = () => graph.calls.filter((c) => c.method !== 'GET').length;
  return { mailbox, writes };
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('GraphMailbox asks its SendAgain before every request of a write call', () => {
  test('it says so', () => {
    expect(setup().mailbox.asksBeforeEverySend).toBe(true);
  });

  test.each(CONTACT_WRITES)(
    '%s: nothing goes before the SendAgain answered, all goes after',
    async (kind) => {
      const { mailbox, writes } = setup();
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      let asked = 0;
      const call = write(mailbox, kind, async () => {
        asked++;
        await opened;
        return true;
      });
      await turns(30);
      expect(asked).toBeGreaterThanOrEqual(1);
      expect(writes()).toBe(0);
      open();
      const out = await call;
      expect(out.filter((o) => o.ok)).toHaveLength(ITEMS);
      expect(writes()).toBe(ITEMS);
      // Each envelope asked (20 items each at most).
      expect(asked).toBeGreaterThanOrEqual(2);
    },
  );

  test.each(CONTACT_WRITES)('%s: a SendAgain that refuses sends nothing', async (kind) => {
    const { mailbox, writes } = setup();
    const out = await write(mailbox, kind, async () => false);
    expect(writes()).toBe(0);
    expect(out.filter((o) => o.ok)).toHaveLength(0);
  });
});
