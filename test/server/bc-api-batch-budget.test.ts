import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { BATCH_ENTITIES } from '../../src/server/bc-api/batch-budget.js';
import { MAX_PAGE_SIZE } from '../../src/server/bc-api/paging.js';
import { listContacts } from '../../src/store/bc-repository.js';

import { buildMigratedTemplate } from '../store/pglite-template.js';
import { companyPath, facadeCall, startFacade, seedContacts } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

// Issue 10 §3, F38: one $batch of 100 list reads answered 75 MB after 12 s of CPU. At the product's
// own limits a page holds at most MAX_PAGE_SIZE entities and a $batch at most BATCH_ENTITIES
// (counted before it runs) and BATCH_ANSWER_BYTES of answers (counted while it runs).

let f: Facade;
/** The same facade's data behind an answer budget of a few contacts. */
let small: Facade;
const ANSWER_BYTES = 3000;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template });
  small = await startFacade({ template, limits: { batchAnswerBytes: ANSWER_BYTES } });
  for (const on of [f, small]) {
    await seedContacts(on, on === f ? MAX_PAGE_SIZE + 1 : 5);
  }
});
afterAll(async () => {
  await f?.close();
  await small?.close();
});

const list = (on: Facade, n: number, headers: Record<string, string> = {}, query = '') =>
  Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    method: 'GET',
    url: `companies(${on.company.id})/contacts${query}`,
    headers,
  }));
const batch = (on: Facade, requests: unknown[]) => facadeCall(on, 'POST', '/api/v2.0/$batch', { requests });

test(`a page holds at most ${MAX_PAGE_SIZE} contacts whatever is asked; the rest follows by nextLink`, async () => {
  for (const ask of [{}, { prefer: 'odata.maxpagesize=20000' }] as Record<string, string>[]) {
    const r = await facadeCall(f, 'GET', `${companyPath(f)}/contacts?$top=5000`, undefined, ask);
    expect(r.body.value).toHaveLength(MAX_PAGE_SIZE);
    const rest = await facadeCall(f, 'GET', String(r.body['@odata.nextLink']));
    expect(rest.body.value).toHaveLength(1);
    expect(rest.body['@odata.nextLink']).toBeUndefined();
  }
});

describe('entities per $batch, counted before anything runs', () => {
  test('F38: 100 list reads at the default page size are refused whole, naming the limit', async () => {
    const r = await batch(f, list(f, 100));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'BadRequest_BatchTooLarge',
      message: `This $batch may answer up to ${100 * MAX_PAGE_SIZE} entities (100 collection reads, up to ${MAX_PAGE_SIZE} each); a $batch may answer at most ${BATCH_ENTITIES}. Ask for smaller pages (Prefer: odata.maxpagesize or $top) or send fewer reads per $batch.`,
      details: [{ target: 'requests', reason: { kind: 'batchEntities', limit: BATCH_ENTITIES } }],
    });
  });

  const perRead = BATCH_ENTITIES / 100;
  test.each([
    ['10 full-page reads', () => list(f, BATCH_ENTITIES / MAX_PAGE_SIZE), 200],
    ['11 full-page reads', () => list(f, BATCH_ENTITIES / MAX_PAGE_SIZE + 1), 400],
    [
      `100 reads of maxpagesize=${perRead}`,
      () => list(f, 100, { prefer: `odata.maxpagesize=${perRead}` }),
      200,
    ],
    [`100 reads of $top=${perRead}`, () => list(f, 100, {}, `?$top=${perRead}`), 200],
    [`100 reads of $top=${perRead + 1}`, () => list(f, 100, {}, `?$top=${perRead + 1}`), 400],
    [
      '11 delta reads preferring small pages (a delta may answer a full page)',
      () => list(f, 11, { prefer: 'odata.maxpagesize=1' }, '?$deltatoken=x'),
      400,
    ],
    [
      '100 single-contact reads and writes',
      () => [
        ...Array.from({ length: 99 }, (_, i) => ({
          id: `g${i}`,
          method: 'GET',
          url: `companies(${f.company.id})/contacts(${'0'.repeat(8)}-0000-4000-8000-${String(i).padStart(12, '0')})`,
        })),
        {
          id: 'p',
          method: 'POST',
          url: `companies(${f.company.id})/contacts`,
          body: { displayName: 'Budget' },
        },
      ],
      200,
    ],
  ] as const)('%s → %i', async (_name, requests, status) => {
    const r = await batch(f, requests());
    expect(r.status).toBe(status);
    if (status === 400) expect(r.body.error.code).toBe('BadRequest_BatchTooLarge');
  });
});

test('answer bytes per $batch: once reached, the operations left are not run and say so', async () => {
  const before = (await listContacts(small.db, small.company.id)).length;
  const requests = [
    ...list(small, 2),
    {
      id: 'w',
      method: 'POST',
      url: `companies(${small.company.id})/contacts`,
      body: { displayName: 'Late' },
    },
  ];
  const r = await batch(small, requests);
  expect(r.status).toBe(200);
  const [first, second, write] = r.body.responses as {
    status: number;
    body: { error?: { message: string } };
  }[];
  expect(first!.status).toBe(200);
  for (const [i, left] of [
    [1, second!],
    [2, write!],
  ] as const) {
    expect(left.status).toBe(400);
    expect(left.body.error!.message).toMatch(
      new RegExp(
        `^Not run: this \\$batch's answers reached \\d+ bytes before requests\\[${i}\\] \\(at most ${ANSWER_BYTES} per \\$batch\\)`,
      ),
    );
  }
  expect((await listContacts(small.db, small.company.id)).length).toBe(before);
});
