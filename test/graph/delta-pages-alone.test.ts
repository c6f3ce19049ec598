import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import type { FetchLike } from '../../src/graph/index.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { BASE, graphContact, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { ScriptedRequest } from './scripted-graph.js';

// Issue 12: at most 1.0 $batch item per contact written. A delta page read while a run's write
// envelopes wait for their turn (a first full sync's echo round) is a request of its own, never an
// item in one of them (graph-delta.ts): the envelopes carry the writes alone, each sent once.

const LINK = 'contactFolders/f1/contacts/delta?$deltatoken=t0';
const NEXT = `${BASE}/me/contactFolders/f1/contacts/delta?$skiptoken=p2`;

/** Two delta pages (one contact each), the writes answered as created. */
function world() {
  let made = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = false;
  const graph = scriptedGraph(async (req: ScriptedRequest) => {
    if (req.url.includes('/delta?$deltatoken'))
      return { status: 200, body: { value: [{ id: 'a', changeKey: 'ka' }], '@odata.nextLink': NEXT } };
    if (req.url.includes('/delta?$skiptoken')) return { status: 200, body: lastPage };
    // The folder's list (a lost create without a BC id is not looked for; one with is, here).
    if (req.method === 'GET' && req.url.includes('$top=')) return { status: 200, body: { value: [] } };
    if (req.method === 'POST') {
      // The first write waits until the test lets it go: the envelopes behind it wait their turn.
      if (!held) {
        held = true;
        await gate;
      }
      return { status: 201, body: graphContact(`c${++made}`, 'k1') };
    }
    return { status: 404, body: null };
  });
  /** Each HTTP request: `delta` on its own, or a $batch as its items (`GET` delta, `POST`). */
  const sent: string[][] = [];
  const logging: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (url.endsWith('/$batch') && typeof init?.body === 'string')
      sent.push((JSON.parse(init.body) as { requests: { method: string }[] }).requests.map((r) => r.method));
    else sent.push([url.includes('/delta') ? 'delta' : 'other']);
    return graph.fetch(input, init);
  };
  const mailbox = scriptedMailbox({ fetch: logging });
  return { mailbox, sent, open, calls: graph.calls };
}

const lastPage = {
  value: [{ id: 'b', changeKey: 'kb' }],
  '@odata.deltaLink': `${BASE}/me/contactFolders/f1/contacts/delta?$deltatoken=t1`,
};
/** The ids a round reported (all held: none is read by id). */
let reported: string[] = [];
const known = async (changes: readonly { id: string }[]) => {
  reported = changes.map((r) => r.id);
  return new Set(reported);
};

/** Yields until `done` holds (the requests in flight go on meanwhile). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

/**
 * `drafts` created in f1 while the folder's changes are read from LINK: the first envelope is out
 * (held) and the others wait their turn when the read starts; then the first is let go.
 */
async function writesWithRead(w: ReturnType<typeof world>, drafts: Parameters<GraphMailbox['create']>[1]) {
  const writes = w.mailbox.create('f1', drafts);
  await until(() => w.sent.length === 1);
  const read = w.mailbox.readChanges('f1', LINK, known);
  w.open();
  return Promise.all([writes, read]);
}

describe('a delta page read while write envelopes wait goes on its own (issue 12)', () => {
  test.each([40, 60, 100])(
    '%i writes, the first envelope out and the others waiting: the envelopes carry only the writes',
    async (n) => {
      const w = world();
      const [created, changes] = await writesWithRead(
        w,
        Array.from({ length: n }, (_, i) => outlookDraft(i + 1)),
      );
      expect(created.every((c) => c.ok)).toBe(true);
      expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
      const envelopes = w.sent.filter((s) => s[0] !== 'delta' && s[0] !== 'other');
      // Every item of every envelope is a write, each write sent once: items = contacts written.
      expect(envelopes.flat().filter((m) => m !== 'POST')).toEqual([]);
      expect(envelopes.flat()).toHaveLength(n);
      expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(n);
      // Each page once, on its own.
      expect(w.sent.filter((s) => s[0] === 'delta')).toEqual([['delta'], ['delta']]);
    },
  );

  test('with no envelope waiting, a page goes on its own', async () => {
    const w = world();
    w.open();
    const changes = await w.mailbox.readChanges('f1', LINK, known);
    expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
    expect(w.sent).toEqual([['delta'], ['delta']]);
  });
});
