import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import type { FetchLike } from '../../src/graph/index.js';
import { BASE, graphContact, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { ScriptedRequest } from './scripted-graph.js';

// Issue 12 §2 (first full sync's tail): a delta page read while write envelopes wait for their turn
// goes beside the last of them, not after them all: that envelope goes as 3 sequential envelopes
// (each item depends on the one before: one of the mailbox's 4 slots each, batch-lanes.ts) and the
// page takes the fourth. Items a failure before them left unrun (424) go again, each write once.

const LINK = 'contactFolders/f1/contacts/delta?$deltatoken=t0';
const DONE = {
  value: [{ id: 'a', changeKey: 'ka' }],
  '@odata.deltaLink': `${BASE}/me/contactFolders/f1/contacts/delta?$deltatoken=t1`,
};

interface Sent {
  readonly kind: 'delta' | 'batch';
  /** A batch's items: how many depend on the item before them. */
  readonly items: number;
  readonly chained: number;
}

/**
 * `refuse`: the POST of the draft of this surname is refused once (429, no wait). `wholeLane424`:
 * the first sequential envelope runs its items but its answer is a 424 for the whole envelope.
 */
function world(refuse?: string, wholeLane424 = false) {
  const made: Record<string, unknown>[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = false;
  let refused = false;
  const graph = scriptedGraph(async (req: ScriptedRequest) => {
    if (req.url.includes('/delta?')) return { status: 200, body: DONE };
    // The folder's list (the look-up of creates whose outcome is unknown) holds what was made.
    if (req.method === 'GET' && req.url.includes('$top=')) return { status: 200, body: { value: made } };
    if (req.method === 'POST') {
      if (!held) {
        held = true;
        await gate;
      }
      const name = (req.body as { surname?: string }).surname;
      if (refuse !== undefined && name === refuse && !refused) {
        refused = true;
        return { status: 429, headers: { 'Retry-After': '0' }, body: { error: { code: 'TooManyRequests' } } };
      }
      const contact = { ...graphContact(`c${made.length + 1}`, 'k1'), ...(req.body as object) };
      made.push(contact);
      return { status: 201, body: contact };
    }
    return { status: 404, body: null };
  });
  const sent: Sent[] = [];
  const logging: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (url.endsWith('/$batch') && typeof init?.body === 'string') {
      const { requests } = JSON.parse(init.body) as { requests: { dependsOn?: string[] }[] };
      sent.push({
        kind: 'batch',
        items: requests.length,
        chained: requests.filter((r) => r.dependsOn).length,
      });
    } else sent.push({ kind: 'delta', items: 0, chained: 0 });
    const firstLane = sent.at(-1)!.chained > 0 && sent.filter((s) => s.chained > 0).length === 1;
    const answer = await graph.fetch(input, init);
    if (wholeLane424 && firstLane)
      return new Response(JSON.stringify({ error: { code: 'FailedDependency' } }), {
        status: 424,
        headers: { 'Content-Type': 'application/json' },
      });
    return answer;
  };
  const mailbox = scriptedMailbox({ fetch: logging });
  return { mailbox, sent, open, calls: graph.calls };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

/** 40 creates in f1 (2 envelopes, the first held out) and, while the second waits, a delta read. */
async function writesWithRead(w: ReturnType<typeof world>) {
  const drafts = Array.from({ length: 40 }, (_, i) => outlookDraft(i + 1));
  const writes = w.mailbox.create('f1', drafts);
  await until(() => w.sent.length === 1);
  const read = w.mailbox.readChanges('f1', LINK, async (changes) => new Set(changes.map((c) => c.id)));
  w.open();
  return { drafts, both: await Promise.all([writes, read]) };
}

describe('a delta page goes beside the last write envelope waiting (issue 12 §2)', () => {
  test('40 creates: the second envelope goes as sequential envelopes of 7, 7 and 6, the page beside them', async () => {
    const w = world();
    const { both } = await writesWithRead(w);
    expect(both[0].every((c) => c.ok)).toBe(true);
    expect(both[1].kind).toBe('changes');
    expect(w.sent).toEqual([
      { kind: 'batch', items: 20, chained: 0 },
      { kind: 'batch', items: 7, chained: 6 },
      { kind: 'batch', items: 7, chained: 6 },
      { kind: 'batch', items: 6, chained: 5 },
      { kind: 'delta', items: 0, chained: 0 },
    ]);
    expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(40);
  });

  test('a lane answered 424 as a whole after running its items: each create once (its items looked for, not sent blind)', async () => {
    const w = world(undefined, true);
    const { both } = await writesWithRead(w);
    expect(both[0].every((c) => c.ok)).toBe(true);
    const posted = w.calls
      .filter((c) => c.method === 'POST')
      .map((c) => (c.body as { surname: string }).surname);
    expect(posted).toHaveLength(40);
    expect(new Set(posted).size).toBe(40);
  });

  test('an item refused in a lane: those after it (424, not run) go again, each create once', async () => {
    // Draft 23 is the second item of the first lane (items 21-27): 24-27 answer 424.
    const w = world('23');
    const { drafts, both } = await writesWithRead(w);
    expect(both[0].every((c) => c.ok)).toBe(true);
    const posted = w.calls
      .filter((c) => c.method === 'POST')
      .map((c) => (c.body as { surname: string }).surname);
    // Each draft created once; draft 23 sent twice (refused once), 24-27 once (never run before).
    expect(new Set(posted).size).toBe(40);
    expect(posted.filter((n) => n === drafts[22]!.surname)).toHaveLength(2);
    expect(posted).toHaveLength(41);
    // The second round: the refused item and the four not run, in one envelope.
    expect(w.sent.at(-1)).toEqual({ kind: 'batch', items: 5, chained: 0 });
  });
});
