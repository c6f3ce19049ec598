import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import type { FetchLike } from '../../src/graph/index.js';
import { graphContact, graphErrorBody, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { Route } from './scripted-graph.js';

// Written in review of sequential $batch lanes (since reverted): in a sequential envelope Graph
// answers every item after a failed one 424 without running it (graph-and-office-contracts.md §4),
// and a runner that sends those again in the next round makes items Graph refuses for good (the
// folder was deleted while the run wrote into it: every create 404; a refused value: 400) cost a
// round each for the items behind them: 100 refused creates went out as 996 items in 81
// envelopes, all counted by the pacer against the mailbox's 10,000 requests per 10 minutes. An item
// Graph ran once and refused is final; an item is carried at most twice, however envelopes are cut.
// scriptedGraph answers an item whose dependency failed 424, as Graph does: without that, a runner
// that chains its items would run them all here and this test could not see what it guards.

/** `route` behind a fetch that counts the $batch envelopes and the items they carried. */
function counting(route: Route) {
  const graph = scriptedGraph(route);
  const sent = { envelopes: 0, items: 0 };
  const fetch: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (url.endsWith('/$batch')) {
      sent.envelopes++;
      sent.items += (JSON.parse(String(init?.body)) as { requests: unknown[] }).requests.length;
    }
    return graph.fetch(input, init);
  };
  return { mailbox: scriptedMailbox({ fetch }), sent };
}

const N = 100;
const drafts = Array.from({ length: N }, (_, i) => outlookDraft(i));

describe('items Graph refuses for good are not resent once per item refused before them', () => {
  test.each([
    ['every create refused (the folder is gone: 404)', () => true],
    ['every 4th create refused (400)', (i: number) => i % 4 === 1],
    ['one create in 10 refused (400)', (i: number) => i % 10 === 3],
  ])('%s: each draft carried at most twice, the refused ones answered once', async (_name, refused) => {
    const ran: number[] = [];
    const { mailbox, sent } = counting((req) => {
      const i = Number((req.body as { surname?: string }).surname);
      ran.push(i);
      if (!refused(i)) return { status: 201, body: graphContact(`o-${i}`, `ck-${i}`, req.body as never) };
      return refused(-1)
        ? { status: 404, body: graphErrorBody('ErrorItemNotFound', 'The specified object was not found.') }
        : { status: 400, body: graphErrorBody('ErrorInvalidRequest', 'Refused.') };
    });

    const out = await mailbox.create('f1', drafts);

    expect(out.map((o) => o.ok)).toEqual(drafts.map((_, i) => !refused(i)));
    // Each draft ran at Graph once (a write is never repeated here: every answer was known).
    expect([...ran].sort((a, b) => a - b)).toEqual(drafts.map((_, i) => i));
    // Carried at most twice: once, and again at most once after an item before it was refused.
    expect(sent.items).toBeLessThanOrEqual(2 * N);
  });
});
