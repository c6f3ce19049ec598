import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/index.js';
import { BASE, graphContact, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { ScriptedRequest } from './scripted-graph.js';
import { pollUntil } from '../support/poll.js';

// Issue 12 (first full sync): a paced write call's first attempts go, after a first envelope of 20,
// as sequential envelopes of 20 (each item depends on the one before: one of the mailbox's 4 slots
// each, batch-lanes.ts), so the turn-around between an answer and the next send idles a slot once
// per 20 of its own writes, not all 4 once per 20; each lane frees its slot as it answers, so the
// next lane does not wait for the slowest of its round. Same HTTP requests, same items.

interface Sent {
  readonly items: number;
  /** How many of its items depend on the item before them. */
  readonly chained: number;
}

/**
 * `refuse`: the POST of the draft of this surname is answered 400 (a write Graph will not make);
 * `hold`: the POST of the draft of `hold.surname` answers once `hold.until` resolved (a slow lane).
 */
function world(refuse?: string, paced = true, hold?: { surname: string; until: Promise<void> }) {
  const made = new Map<string, number>();
  const graph = scriptedGraph(async (req: ScriptedRequest) => {
    if (req.method !== 'POST') return { status: 404, body: null };
    const name = (req.body as { surname: string }).surname;
    if (name === refuse) return { status: 400, body: { error: { code: 'ErrorInvalidRequest' } } };
    if (name === hold?.surname) await hold.until;
    made.set(name, (made.get(name) ?? 0) + 1);
    return { status: 201, body: { ...graphContact(`c-${name}`, 'k1'), ...(req.body as object) } };
  });
  const sent: Sent[] = [];
  let inFlight = 0;
  let peak = 0;
  const logging: FetchLike = async (input, init) => {
    if (typeof init?.body === 'string') {
      const { requests } = JSON.parse(init.body) as { requests: { dependsOn?: string[] }[] };
      sent.push({ items: requests.length, chained: requests.filter((r) => r.dependsOn).length });
    }
    peak = Math.max(peak, ++inFlight);
    try {
      // A turn of the event loop on the wire: requests sent together are in flight together.
      await new Promise((resolve) => setImmediate(resolve));
      return await graph.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const mailbox = paced
    ? scriptedMailbox({ fetch: logging })
    : new GraphMailbox({
        baseUrl: BASE,
        mailbox: { kind: 'me' },
        getToken: async () => 'token',
        sleep: async () => undefined,
        random: () => 0,
        fetch: logging,
        assumedQuota: null,
      });
  return { mailbox, sent, made, peak: () => peak };
}

const drafts = (n: number) => Array.from({ length: n }, (_, i) => outlookDraft(i + 1));
const lane = { items: 20, chained: 19 };
const envelope = { items: 20, chained: 0 };

describe('a paced write call goes in rounds of 4 sequential envelopes (issue 12, first full sync)', () => {
  test('200 creates: an envelope of 20, two rounds of 4 lanes of 20, an envelope of 20; 10 requests, 4 in flight at most', async () => {
    const w = world();
    const out = await w.mailbox.create('f1', drafts(200));
    expect(out.every((c) => c.ok)).toBe(true);
    expect(w.sent).toEqual([envelope, lane, lane, lane, lane, lane, lane, lane, lane, envelope]);
    expect(w.peak()).toBe(4);
    expect([w.made.size, Math.max(...w.made.values())]).toEqual([200, 1]);
  });

  test('a lane frees its slot as it answers: the next lane goes while a slow one of its round is still out', async () => {
    // Draft 21 opens the first lane (drafts 21-40) and is held; the round's three other lanes answer.
    let release = (): void => undefined;
    const until = new Promise<void>((resolve) => (release = resolve));
    const w = world(undefined, true, { surname: '21', until });
    const call = w.mailbox.create('f1', drafts(200));
    // Their three slots take every lane of the second round (101-180) while it is out; the last
    // envelope of 20 (parallel: all 4 slots) waits for its slot.
    await pollUntil(
      "the second round's lanes sent while the first lane is out",
      () => (w.sent.length >= 9 ? true : undefined),
      { boundMs: 30_000, state: () => JSON.stringify(w.sent) },
    );
    expect([w.sent.length, [...w.made.keys()].includes('21')]).toEqual([9, false]);
    release();
    const out = await call;
    expect(out.every((c) => c.ok)).toBe(true);
    expect(w.sent).toEqual([envelope, lane, lane, lane, lane, lane, lane, lane, lane, envelope]);
    expect(w.peak()).toBe(4);
    expect([w.made.size, Math.max(...w.made.values())]).toEqual([200, 1]);
  });

  test("two calls at once (a phase's two groups in flight): the envelopes that wait for all 4 slots with the other call's writes behind them go as lanes; only the last call's last envelope is one of 20", async () => {
    const w = world();
    const [a, b] = await Promise.all([
      w.mailbox.create('f1', drafts(200)),
      w.mailbox.create('f1', drafts(200)),
    ]);
    expect([...(a ?? []), ...(b ?? [])].every((c) => c.ok)).toBe(true);
    // The first call's last envelope waits with the second call's behind it; the second call's
    // first waits with its own lanes behind it. The first envelope of all goes with 4 slots free.
    expect(w.sent).toEqual([envelope, ...Array.from({ length: 18 }, () => lane), envelope]);
    expect(w.peak()).toBe(4);
  });

  test('a write refused in a lane: those after it (424, not run) go again once, in parallel, each created once', async () => {
    // Draft 22 is the second item of the first lane (drafts 21-40): 23-40 answer 424.
    const w = world('22');
    const out = await w.mailbox.create('f1', drafts(100));
    expect(out.filter((c) => !c.ok).map((_, i) => i)).toHaveLength(1);
    expect(out[21]?.ok).toBe(false);
    expect(w.sent).toEqual([envelope, lane, lane, lane, lane, { items: 18, chained: 0 }]);
    expect([w.made.size, Math.max(...w.made.values())]).toEqual([99, 1]);
  });

  test('a mailbox not paced to a quota: envelopes of 20 only (its first quota 429 refuses one envelope)', async () => {
    const w = world(undefined, false);
    const out = await w.mailbox.create('f1', drafts(200));
    expect(out.every((c) => c.ok)).toBe(true);
    expect(w.sent).toEqual(Array.from({ length: 10 }, () => envelope));
  });
});
