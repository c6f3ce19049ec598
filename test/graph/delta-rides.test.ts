import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/index.js';
import { BASE, graphContact, scriptedGraph } from './scripted-graph.js';
import type { ScriptedReply, ScriptedRequest } from './scripted-graph.js';

// Issue 12 §2: a delta page read while write envelopes wait for their turn rides in one of them
// (GraphTransport.ride): an envelope weighs the mailbox's 4 slots, so a page on its own between two
// of them holds the mailbox for its latency. The item a page displaced goes in its caller's next
// envelope, sent once; a page no envelope can carry, or whose item failed, is asked on its own.

const LINK = 'contactFolders/f1/contacts/delta?$deltatoken=t0';
const NEXT = `${BASE}/me/contactFolders/f1/contacts/delta?$skiptoken=p2`;

/** Two delta pages (one contact each), the writes answered as created; `page2` answers the second page. */
function world(
  page2: () => ScriptedReply = () => ({ status: 200, body: lastPage }),
  page1: () => ScriptedReply | 'drop' = () => ({
    status: 200,
    body: { value: [{ id: 'a', changeKey: 'ka' }], '@odata.nextLink': NEXT },
  }),
) {
  let made = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = false;
  const graph = scriptedGraph(async (req: ScriptedRequest) => {
    if (req.url.includes('/delta?$deltatoken')) return page1();
    if (req.url.includes('/delta?$skiptoken')) return page2();
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
  const mailbox = new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 't',
    sleep: async () => undefined,
    random: () => 0,
    fetch: logging,
  });
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

describe('a delta page read while write envelopes wait rides in one (issue 12 §2)', () => {
  test('it takes the place of an envelope’s last write, which goes in the next envelope, sent once', async () => {
    const w = world();
    // The first envelope is out (held), two wait their turn.
    const [created, changes] = await writesWithRead(
      w,
      Array.from({ length: 60 }, (_, i) => outlookDraft(i + 1)),
    );
    expect(created.every((c) => c.ok)).toBe(true);
    expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
    // Every write sent once: the displaced ones in the call's next envelope.
    expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(60);
    const rode = w.sent.filter((s) => s[0] === 'GET');
    expect(rode.length).toBeGreaterThanOrEqual(1);
    for (const envelope of rode) expect(envelope).toEqual(['GET', ...Array<string>(19).fill('POST')]);
    // The last: the displaced writes (a page rides no envelope of fewer than 4 items).
    expect(w.sent.at(-1)).toEqual(Array<string>(rode.length).fill('POST'));
    // Each page once: riding, or on its own.
    expect(w.sent.flat().filter((m) => m === 'GET' || m === 'delta')).toHaveLength(2);
  });

  test('with no envelope waiting, a page goes on its own', async () => {
    const w = world();
    w.open();
    const changes = await w.mailbox.readChanges('f1', LINK, known);
    expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
    expect(w.sent).toEqual([['delta'], ['delta']]);
  });

  test('a page whose item did not answer 2xx in the envelope is asked on its own', async () => {
    let second = 0;
    // The second page fails once (inside the envelope it rode in), then answers.
    const w = world(() =>
      ++second === 1
        ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'busy' } } }
        : { status: 200, body: lastPage },
    );
    const [created, changes] = await writesWithRead(
      w,
      Array.from({ length: 100 }, (_, i) => outlookDraft(i + 1)),
    );
    expect(created.every((c) => c.ok)).toBe(true);
    expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
    expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(100);
    // Both pages rode; the second, failed in its envelope, was asked again on its own.
    expect(second).toBe(2);
    expect(w.sent.filter((s) => s[0] === 'GET')).toHaveLength(2);
    expect(w.sent.filter((s) => s[0] === 'delta')).toEqual([['delta']]);
  });

  test('an envelope lost with a page in it: the write the page displaced was never sent, and goes again as such', async () => {
    let pages = 0;
    // The first page is lost with the envelope it rode in (every item ran, the answer was lost).
    const w = world(undefined, () =>
      ++pages === 1
        ? 'drop'
        : { status: 200, body: { value: [{ id: 'a', changeKey: 'ka' }], '@odata.nextLink': NEXT } },
    );
    // Drafts without a BC id: a lost one cannot be looked for, so it is not sent again (unknownOutcome).
    const [created, changes] = await writesWithRead(
      w,
      Array.from({ length: 60 }, (_, i) => outlookDraft(i + 1, { bcId: '' })),
    );
    expect([changes.kind, reported]).toEqual(['changes', ['a', 'b']]);
    // The second envelope carried the page in place of its last write, and was lost: its 19 writes
    // may have landed (unknown outcome); the 20th, displaced, was sent in the next envelope.
    const outcomes = created.map((c) => (c.ok ? 'ok' : c.error.kind));
    expect(outcomes.slice(20, 39)).toEqual(Array<string>(19).fill('unknownOutcome'));
    expect([outcomes[39], outcomes.slice(0, 20), outcomes.slice(40)]).toEqual([
      'ok',
      Array<string>(20).fill('ok'),
      Array<string>(20).fill('ok'),
    ]);
  });
});
