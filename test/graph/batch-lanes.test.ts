import { describe, expect, test } from '@jest/globals';
import { envelopesOf } from '../../src/graph/batch-runner.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { BASE, graphContact, scriptedGraph } from './scripted-graph.js';

/**
 * A round's envelopes (batch-runner.ts envelopesOf) run on the mailbox's 4 slots, FIFO as the
 * limiter grants them: an unordered envelope takes all 4 and runs ceil(items / 4) rounds, a
 * sequential one takes 1 and runs one round per item. Returns the rounds until the last ends and
 * how many envelopes each slot ran (its gaps: one fewer).
 */
function onSlots(envelopes: ReturnType<typeof envelopesOf>): { rounds: number; perSlot: number[] } {
  const free = [0, 0, 0, 0];
  const perSlot = [0, 0, 0, 0];
  for (const { items, sequential } of envelopes) {
    if (!sequential) {
      const at = Math.max(...free);
      free.fill(at + Math.ceil(items.length / 4));
      perSlot.forEach((_, s) => perSlot[s]!++);
      continue;
    }
    const slot = free.indexOf(Math.min(...free));
    free[slot]! += items.length;
    perSlot[slot]!++;
  }
  return { rounds: Math.max(...free), perSlot };
}

const SIZES = [...Array.from({ length: 130 }, (_, i) => i + 1), 199, 200, 201, 250, 1000, 2000];

describe('envelopesOf: the envelopes of a round', () => {
  test.each(SIZES)(
    '%i items: each sent once, at most 20 an envelope, ending after ceil(n / 4) rounds',
    (n) => {
      const pending = Array.from({ length: n }, (_, i) => i * 3);
      const envelopes = envelopesOf(pending);
      expect(envelopes.flatMap((e) => e.items).sort((a, b) => a - b)).toEqual(pending);
      for (const e of envelopes) expect(e.items.length).toBeLessThanOrEqual(20);
      // Up to 20: one unordered envelope; more: sequential ones only (Graph: fully one or the other).
      expect(envelopes.every((e) => e.sequential)).toBe(n > 20);
      const { rounds, perSlot } = onSlots(envelopes);
      // No slot idles while another works: the lanes end together, on the bound's rounds.
      expect(rounds).toBe(Math.ceil(n / 4));
      // A slot runs one envelope per 20 of its items, rounded up: as few gaps as envelopes allow.
      if (n > 20) for (const k of perSlot) expect(k).toBeLessThanOrEqual(Math.ceil(Math.ceil(n / 4) / 20));
    },
  );
});

describe('sequential envelopes over Graph', () => {
  test('items after a failed one (424, not run) are sent again without an attempt spent; each item runs once', async () => {
    const posted: string[] = [];
    const graph = scriptedGraph((req) => {
      const name = (req.body as { displayName?: string }).displayName ?? '';
      posted.push(name);
      // The third draft is refused (a 400 is final): the items after it in its lane answer 424.
      if (name === outlookDraft(2).displayName)
        return { status: 400, body: { error: { code: 'ErrorInvalidRequest', message: 'no' } } };
      return {
        status: 201,
        body: graphContact(`id-${name}`, `ck-${name}`, req.body as Record<string, unknown>),
      };
    });
    const mailbox = new GraphMailbox({
      baseUrl: BASE,
      mailbox: { kind: 'me' },
      getToken: async () => 't',
      fetch: graph.fetch,
    });
    const drafts = Array.from({ length: 40 }, (_, i) => outlookDraft(i));
    const out = await mailbox.create('f1', drafts);
    expect(out.map((o) => o.ok)).toEqual(drafts.map((_, i) => i !== 2));
    expect([...posted].sort()).toEqual(drafts.map((d) => d.displayName).sort());
    // 4 lanes of 10, then the 7 items after the refused one in its lane, as one envelope.
    expect(mailbox.stats().requests).toBe(5);
  });
});
