import { describe, expect, test } from '@jest/globals';
import { LeaseLostError } from '../../src/core/run-errors.js';

import { jsonAnswer, SCRIPTED_COMPANY, scriptedBc } from '../bc/scripted-bc.js';
import { BASE, graphContact, graphErrorBody, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { Route } from './scripted-graph.js';

// Issue 12: a run keeps its lease alive between the pages of every paged read (the `onPage` beat
// of the ports), and what the beat throws (the lease was lost) reaches the run as it is, not as a
// port failure. Each adapter that pages is checked here: Graph's delta rounds and contact list,
// folderWithChanges, and the BC API's tracked read.

const FOLDER = '/me/contactFolders/f1/contacts';
const PAGES = 3;

/** A delta round of PAGES pages from `first`, then a list of PAGES pages of 1000. */
const paged: Route = (req) => {
  const page = Number(/[$]skiptoken=p(\d+)/.exec(req.url)?.[1] ?? '1');
  const more = page < PAGES;
  if (req.url.startsWith(`${FOLDER}/delta`))
    return {
      status: 200,
      body: {
        value: [{ id: `d${page}`, changeKey: `k${page}` }],
        ...(more
          ? { '@odata.nextLink': `${BASE}${FOLDER}/delta?$skiptoken=p${page + 1}` }
          : { '@odata.deltaLink': `${BASE}${FOLDER}/delta?$deltatoken=next` }),
      },
    };
  if (req.url.startsWith(FOLDER))
    return {
      status: 200,
      body: {
        value: [graphContact(`c${page}`, `k${page}`)],
        ...(more ? { '@odata.nextLink': `${BASE}${FOLDER}?$top=1000&$skiptoken=p${page + 1}` } : {}),
      },
    };
  if (req.url.startsWith('/me/contactFolders?'))
    return { status: 200, body: { value: [{ id: 'f1', displayName: 'Business Central' }] } };
  return { status: 500, body: graphErrorBody('Unexpected', req.url) };
};

function mailbox() {
  const graph = scriptedGraph(paged);
  return scriptedMailbox(graph);
}

const counting = () => {
  const beats = { n: 0 };
  return { beats, beat: async () => void beats.n++ };
};

const lost = async (): Promise<void> => {
  throw new LeaseLostError('leaseLost');
};

const reads: { name: string; read: (beat: () => Promise<void>) => Promise<unknown>; pages: number }[] = [
  {
    name: 'Graph: a first round (delta pages, then list pages)',
    read: (beat) => mailbox().readChanges('f1', null, undefined, beat),
    pages: 2 * PAGES,
  },
  {
    name: 'Graph: a delta round from a stored link',
    read: (beat) => mailbox().readChanges('f1', `${BASE}${FOLDER}/delta?$deltatoken=old`, undefined, beat),
    pages: PAGES,
  },
  {
    name: 'Graph: the folder list',
    read: (beat) => mailbox().listContacts('f1', beat),
    pages: PAGES,
  },
  {
    name: 'Graph: folderWithChanges without a replayable link (found by id, then a first round)',
    read: (beat) => mailbox().folderWithChanges('f1', 'not-a-link', undefined, beat),
    pages: 2 * PAGES,
  },
];

describe('paged reads beat between their pages', () => {
  test.each(reads)('$name: one beat a page', async ({ read, pages }) => {
    const { beats, beat } = counting();
    await read(beat);
    expect(beats.n).toBe(pages);
  });

  test.each(reads)(
    '$name: a lost lease stops the read and reaches the caller unchanged',
    async ({ read }) => {
      await expect(read(lost)).rejects.toBeInstanceOf(LeaseLostError);
    },
  );

  const BC = 'https://bc.example/tenant/production/api/v2.0';
  const CONTACTS = `${BC}/companies(${SCRIPTED_COMPANY})/contacts`;
  const bcPaged = () => {
    let page = 0;
    const fetchFn = (async (url: string) => {
      // The closing round from the read's link (a whole read of more than one page): nothing changed.
      if (url.includes('$deltatoken=t1'))
        return jsonAnswer(200, { value: [], '@odata.deltaLink': `${CONTACTS}?$deltatoken=t2` });
      page++;
      const row = {
        id: `00000000-0000-4000-8000-00000000000${page}`,
        displayName: `P${page}`,
        '@odata.etag': 'W/"1"',
      };
      return jsonAnswer(200, {
        value: [row],
        ...(page < PAGES
          ? { '@odata.nextLink': `${CONTACTS}?$skiptoken=${page}` }
          : { '@odata.deltaLink': `${CONTACTS}?$deltatoken=t1` }),
      });
    }) as unknown as typeof fetch;
    return scriptedBc(BC, fetchFn);
  };

  test('BC API: a tracked read beats once a page', async () => {
    const { beats, beat } = counting();
    const r = await bcPaged().readChanges(null, beat);
    expect(r.kind === 'snapshot' && r.contacts.length).toBe(PAGES);
    // The closing round's page beats too.
    expect(beats.n).toBe(PAGES + 1);
  });

  test('BC API: a lost lease stops the read and reaches the caller unchanged', async () => {
    await expect(bcPaged().readChanges(null, lost)).rejects.toBeInstanceOf(LeaseLostError);
  });
});
