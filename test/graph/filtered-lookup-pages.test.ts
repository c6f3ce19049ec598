/**
 * Filtered look-ups (findByEmails, findByBcIds) read every page of each filtered list, not the
 * first only: Graph pages a filtered list like any list (contracts §2: up to `$top`, and a page may
 * hold fewer), so matches past the first page were not found — a look-up for a lost create that
 * missed its copy created it again. Here the client's filtered lists go out with a smaller `$top`
 * (as a Graph that pages them smaller answers), over more matches than a page; the emulator pages
 * them with `@odata.nextLink`. Past FOLLOWED_PAGES_MAX followed pages the folder's list is read
 * instead: still every match.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { outlookDraft } from '../contracts/fixtures.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import type { GraphMailbox } from '../../src/graph/index.js';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const SHARED = 'shared@contoso.com';
type Lookup = 'findByEmails' | 'findByBcIds';
const ask = (mailbox: GraphMailbox, lookup: Lookup, folder: string) =>
  lookup === 'findByEmails'
    ? mailbox.findByEmails(folder, [SHARED])
    : mailbox.findByBcIds(folder, ['bc-same']);

describe('filtered look-ups read past the first page', () => {
  // look-up, matches, page size → (nextLink pages followed, whole-list pages)
  test.each([
    ['findByEmails', 5, 2, 2, 0],
    ['findByBcIds', 5, 2, 2, 0],
    ['findByEmails', 7, 1, 5, 1],
    ['findByBcIds', 7, 1, 5, 1],
  ] as const)(
    '%s over %i matches, %i a page: every match, %i pages followed, %i folder list pages',
    async (lookup, matches, top, followed, listPages) => {
      const { mailbox, folder, sent } = await sharedContacts(lookup, matches, top);
      const found = await ask(mailbox, lookup, folder);
      expect(found).toHaveLength(matches);
      expect(new Set(found.map((c) => c.id)).size).toBe(matches);
      expect([
        sent.filter((s) => /^GET .*\/contacts\?\$filter=.*\$skip=/.test(s)).length,
        sent.filter((s) => /^GET .*\/contacts\?\$top=1000/.test(s)).length,
      ]).toEqual([followed, listPages]);
    },
  );

  test('the example: a lost create is looked up by e-mail among 3 namesakes, 1 a page: all 3 are found', async () => {
    const { mailbox, folder } = await sharedContacts('findByEmails', 3, 1);
    expect((await mailbox.findByEmails(folder, [SHARED])).map((c) => c.bcId).sort()).toEqual([
      'bc-1',
      'bc-2',
      'bc-3',
    ]);
  });
});

/**
 * The emulator with a mailbox holding `matches` contacts that share an e-mail address (findByEmails)
 * or a BC id stamp (findByBcIds) and one other contact; filtered lists sent in a $batch go out with
 * `$top=top`. Records the requests sent from then on.
 */
async function sharedContacts(lookup: Lookup, matches: number, top: number) {
  const sent: string[] = [];
  let recording = false;
  const started = await emulatedGraph(
    {
      oid: `5b0c6f1e-4446-4000-8000-${lookup === 'findByEmails' ? '1' : '0'}00000${String(matches).padStart(3, '0')}${top}00`,
      upn: `filtered-pages-${lookup}-${matches}-${top}@contoso.test`,
    },
    async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input.url);
      let body = init?.body;
      if (url.pathname.endsWith('/$batch') && typeof body === 'string' && body.includes('$filter='))
        body = body.replaceAll('$top=1000', `$top=${top}`);
      if (recording) sent.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url.pathname + url.search)}`);
      return fetch(input, { ...init, ...(body === undefined ? {} : { body }) });
    },
  );
  app = started.app;
  const { mailbox } = started;
  const folder = (await mailbox.ensureFolder('Business Central')).id;
  const drafts = Array.from({ length: matches }, (_, i) =>
    lookup === 'findByEmails'
      ? outlookDraft(i + 1, { emailAddresses: [{ address: SHARED, name: `Person ${i + 1}` }] })
      : outlookDraft(i + 1, { bcId: 'bc-same' }),
  );
  await mailbox.create(folder, [...drafts, outlookDraft(99)]);
  recording = true;
  return { mailbox, folder, sent };
}
