/**
 * Reviewer: `If-Match: W/"x", W/"x"` (the listing's etag twice, as a client that sends the header
 * twice does: Node joins them with ", ") answered 409 Request_EntityChanged, as if the record had
 * changed. If-Match is `*` or a list of etags (RFC 9110 §13.1.1), holding when one of them is the
 * entity's; what is no If-Match value is BC's 400 BadRequest_InvalidToken (a stray word was a 409).
 * One reading (pure/if-match.ts) for every route that reads If-Match: a table over all of them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { batchAnswers, companyPath, createdContact, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';
import { routeOnlyApp } from '../support/dev-app.js';

let f: Facade;
withFacade((facade) => {
  f = facade;
});

type Kind = 'contacts' | 'countriesRegions';
let made = 0;

/** A new entity of `kind`, changed once: its URL, its etag and the etag it had before (stale). */
async function fresh(kind: Kind): Promise<{ url: string; etag: string; stale: string }> {
  made++;
  const body =
    kind === 'contacts'
      ? await createdContact(f, `${companyPath(f)}/contacts`, {
          displayName: `If Match ${made}`,
          type: 'Person',
        })
      : (
          await facadeCall(f, 'POST', `${companyPath(f)}/countriesRegions`, {
            code: `IM${made}`,
            displayName: 'X',
          })
        ).body;
  const url = `${companyPath(f)}/${kind}(${String(body.id)})`;
  const stale = String(body['@odata.etag']);
  const change = kind === 'contacts' ? { jobTitle: 'First' } : { displayName: 'First' };
  const changed = await facadeCall(f, 'PATCH', url, change, { 'if-match': stale });
  expect(changed.status).toBe(200);
  return { url, etag: String(changed.body['@odata.etag']), stale };
}

const WRITES: readonly { kind: Kind; method: FacadeMethod; ok: number; body?: object }[] = [
  { kind: 'contacts', method: 'PATCH', ok: 200, body: { jobTitle: 'Buyer' } },
  { kind: 'contacts', method: 'DELETE', ok: 204 },
  { kind: 'countriesRegions', method: 'PATCH', ok: 200, body: { displayName: 'Y' } },
  { kind: 'countriesRegions', method: 'DELETE', ok: 204 },
];

/** Header forms, given the entity's etag `e` and `o`, one it had before (well-formed, stale). */
const FORMS: readonly { form: string; header: (e: string, o: string) => string; answer: 'ok' | 409 | 400 }[] =
  [
    { form: 'its etag', header: (e) => e, answer: 'ok' },
    { form: 'its etag twice', header: (e) => `${e}, ${e}`, answer: 'ok' },
    { form: 'its etag twice, no blank', header: (e) => `${e},${e}`, answer: 'ok' },
    { form: 'a stale etag, then its', header: (e, o) => `${o}, ${e}`, answer: 'ok' },
    { form: 'empty list elements about it', header: (e) => ` , ${e} ,`, answer: 'ok' },
    { form: '*', header: () => '*', answer: 'ok' },
    { form: 'a stale etag', header: (_e, o) => o, answer: 409 },
    { form: 'a stale etag twice', header: (_e, o) => `${o}, ${o}`, answer: 409 },
    { form: 'no etag', header: () => 'garbage', answer: 400 },
    { form: '* in a list', header: (e) => `*, ${e}`, answer: 400 },
    { form: 'blank', header: () => ' ', answer: 400 },
    { form: 'its etag and a word', header: (e) => `${e} x`, answer: 400 },
    { form: 'an unclosed quote', header: (e) => e.slice(0, -1), answer: 400 },
  ];

const rows = WRITES.flatMap((w) => FORMS.map((form) => ({ ...w, ...form })));

describe('If-Match is read alike on every write route (route × header form)', () => {
  test.each(rows)(
    '$method $kind with $form → $answer',
    async ({ kind, method, ok, body, header, answer }) => {
      const target = await fresh(kind);
      const r = await facadeCall(f, method, target.url, body, {
        'if-match': header(target.etag, target.stale),
      });
      expect(r.status).toBe(answer === 'ok' ? ok : answer);
      if (answer === 400) expect(r.body.error.code).toBe('BadRequest_InvalidToken');
      if (answer === 409) expect(r.body.error.code).toBe('Request_EntityChanged');
    },
  );

  test("named: PATCH a contact with If-Match: its listing's etag twice → 200 (was 409)", async () => {
    const { url, etag } = await fresh('contacts');
    const r = await facadeCall(f, 'PATCH', url, { jobTitle: 'Twice' }, { 'if-match': `${etag}, ${etag}` });
    expect([r.status, r.body.jobTitle]).toEqual([200, 'Twice']);
  });

  test('named: a $batch operation reads its If-Match by the same rule', async () => {
    const { url, etag } = await fresh('contacts');
    const [answer] = await batchAnswers(f, [
      { id: '1', method: 'PATCH', url, headers: { 'if-match': `${etag}, ${etag}` }, body: { jobTitle: 'B' } },
    ]);
    expect(answer!.status).toBe(200);
  });
});

describe('the table names every route that reads If-Match', () => {
  let app: FastifyInstance;
  let routes: RouteOptions[] = [];
  beforeAll(async () => {
    ({ app, routes } = await routeOnlyApp());
  });
  afterAll(() => app.close());

  test('routes whose summary says If-Match are the table rows', () => {
    const reading = routes
      .filter((r) =>
        String((r.schema as { summary?: string } | undefined)?.summary ?? '').includes('If-Match'),
      )
      .map((r) => `${[r.method].flat().join()} ${/\/(\w+)\(:id/.exec(r.url)?.[1] ?? r.url}`);
    const tabled = WRITES.map((w) => `${w.method} ${w.kind}`);
    expect([...new Set(reading)].sort()).toEqual(tabled.sort());
  });
});
