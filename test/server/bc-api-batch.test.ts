import { describe, expect, test } from '@jest/globals';
import { withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

let f: Facade;
let company: string;

withFacade((facade) => {
  f = facade;
  company = `companies(${f.company.id})`;
});

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown> & { error?: { code: string } };
}

async function batch(payload: unknown, headers: Record<string, string> = {}) {
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/v2.0/$batch',
    headers: { authorization: f.auth, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });
  return {
    status: res.statusCode,
    body: res.json<{ responses?: SubResponse[]; error?: { code: string; message: string } }>(),
  };
}

const person = (n: number) => ({
  displayName: `Batch Person ${n}`,
  email: `batch${n}@example.com`,
  type: 'Person',
});

describe('POST /api/v2.0/$batch (OData JSON batch)', () => {
  test('creates, updates and reads in one request, each answered as on its own route', async () => {
    const created = await batch({
      requests: [1, 2, 3].map((n) => ({
        id: String(n),
        method: 'POST',
        url: `${company}/contacts`,
        headers: { 'content-type': 'application/json' },
        body: person(n),
      })),
    });
    expect(created.status).toBe(200);
    const made = created.body.responses ?? [];
    expect(made.map((r) => [r.id, r.status])).toEqual([
      ['1', 201],
      ['2', 201],
      ['3', 201],
    ]);
    const first = made[0]?.body as { id: string; '@odata.etag': string };
    expect(made[0]?.headers.location).toContain(`contacts(${first.id})`);

    const mixed = await batch({
      requests: [
        {
          id: 'u',
          method: 'PATCH',
          url: `/api/v2.0/${company}/contacts(${first.id})`,
          headers: { 'If-Match': first['@odata.etag'] },
          body: { jobTitle: 'Buyer' },
        },
        {
          id: 'stale',
          method: 'PATCH',
          url: `${company}/contacts(${first.id})`,
          headers: { 'If-Match': first['@odata.etag'] },
          body: { jobTitle: 'Again' },
        },
        {
          id: 'r',
          method: 'GET',
          url: `${company}/contacts?$filter=${encodeURIComponent("email eq 'batch2@example.com'")}`,
        },
      ],
    });
    const [u, stale, r] = mixed.body.responses ?? [];
    expect(u).toMatchObject({ id: 'u', status: 200, body: { jobTitle: 'Buyer' } });
    // The second PATCH carries the etag the first one replaced: BC's stale answer, in its own row.
    expect([409, 412]).toContain(stale?.status);
    expect(stale?.body?.error?.code).toBe('Request_EntityChanged');
    expect((r?.body?.value as { email: string }[]).map((c) => c.email)).toEqual(['batch2@example.com']);
  });

  test('each operation is checked like a request of its own: another company answers 404 in its row', async () => {
    const other = 'companies(11111111-2222-4333-8444-555555555555)/contacts';
    const res = await batch({ requests: [{ id: 'x', method: 'GET', url: other }] });
    expect(res.status).toBe(200);
    expect(res.body.responses?.[0]).toMatchObject({
      status: 404,
      body: { error: { code: 'Internal_CompanyNotFound' } },
    });
  });

  test("a read of a contact by its quoted key sees the batch's earlier update by its bare key", async () => {
    const made = await batch({
      requests: [{ id: '1', method: 'POST', url: `${company}/contacts`, body: person(71) }],
    });
    const id = (made.body.responses?.[0]?.body as { id: string }).id;
    // Lanes by path text ran these two together: the quoted read answered the old job title.
    const both = await batch({
      requests: [
        {
          id: 'w',
          method: 'PATCH',
          url: `${company}/contacts(${id})`,
          headers: { 'if-match': '*' },
          body: { jobTitle: 'After' },
        },
        { id: 'r', method: 'GET', url: `${company}/contacts('${id}')?$select=jobTitle` },
      ],
    });
    expect(both.body.responses?.map((r) => [r.id, r.status, r.body?.jobTitle])).toEqual([
      ['w', 200, 'After'],
      ['r', 200, 'After'],
    ]);
  });

  test('without a token the envelope is refused', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/v2.0/$batch', payload: { requests: [] } });
    expect(res.statusCode).toBe(401);
  });

  // Every malformed envelope: 400 with BC's error body naming where.
  test.each([
    ['no requests', {}, 'requests'],
    [
      'over 100 operations',
      {
        requests: Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: 'companies' })),
      },
      '100',
    ],
    [
      'an id twice',
      {
        requests: [
          { id: 'a', method: 'GET', url: 'companies' },
          { id: 'a', method: 'GET', url: 'companies' },
        ],
      },
      'requests[1].id',
    ],
    ['no id', { requests: [{ method: 'GET', url: 'companies' }] }, 'requests[0].id'],
    [
      'a method BC has not',
      { requests: [{ id: 'a', method: 'PUT', url: 'companies' }] },
      'requests[0].method',
    ],
    [
      'a URL outside the API',
      { requests: [{ id: 'a', method: 'GET', url: '/sync/v1/runs' }] },
      'requests[0].url',
    ],
    [
      'a URL on another host',
      { requests: [{ id: 'a', method: 'GET', url: 'http://elsewhere.test/api/v2.0/companies' }] },
      'requests[0].url',
    ],
    [
      'a batch in a batch',
      { requests: [{ id: 'a', method: 'POST', url: '$batch', body: { requests: [] } }] },
      '$batch',
    ],
    [
      'dependsOn',
      { requests: [{ id: 'a', method: 'GET', url: 'companies', dependsOn: ['b'] }] },
      'dependsOn',
    ],
  ])('%s → 400', async (_name, payload, where) => {
    const res = await batch(payload);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('BadRequest');
    expect(res.body.error?.message).toContain(where);
  });

  test('a transactional batch (Isolation: snapshot) is refused rather than run without rollback', async () => {
    const res = await batch({ requests: [] }, { isolation: 'snapshot' });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('Isolation');
  });

  test('an atomicity group is refused whole rather than run without rollback: nothing of it is applied', async () => {
    const made = await batch({
      requests: [{ id: 'c', method: 'POST', url: `${company}/contacts`, body: person(40) }],
    });
    const contact = made.body.responses?.[0]?.body as { id: string; '@odata.etag': string };
    const url = `${company}/contacts(${contact.id})`;
    // Two PATCHes in one group, the second with an etag that does not match: run one by one, the
    // first was applied (200) and the second answered 409, so the group was not all or nothing.
    const grouped = await batch({
      requests: [
        {
          id: 'a',
          method: 'PATCH',
          url,
          atomicityGroup: 'g1',
          headers: { 'If-Match': contact['@odata.etag'] },
          body: { jobTitle: 'Grouped' },
        },
        {
          id: 'b',
          method: 'PATCH',
          url,
          atomicityGroup: 'g1',
          headers: { 'If-Match': 'W/"JzE7MDsn"' },
          body: { jobTitle: 'Stale' },
        },
      ],
    });
    expect(grouped.status).toBe(400);
    expect(grouped.body.error).toMatchObject({ code: 'BadRequest' });
    expect(grouped.body.error?.message).toContain('requests[0].atomicityGroup');
    const read = await batch({ requests: [{ id: 'r', method: 'GET', url }] });
    expect(read.body.responses?.[0]?.body).toMatchObject({
      jobTitle: '',
      '@odata.etag': contact['@odata.etag'],
    });
  });
  // Attack F5: a header given twice in different case was kept last-wins, so a stale If-Match followed
  // by `if-match: *` wrote over a version its sender had not seen; a non-string one was dropped.
  test.each([
    [
      'the same header in two cases (stale If-Match, then *)',
      { 'If-Match': 'W/"JzE7MDsn"', 'if-match': '*' },
      "'if-match' is given more than once",
    ],
    [
      'Prefer twice',
      { Prefer: 'return=minimal', PREFER: 'return=representation' },
      "'PREFER' is given more than once",
    ],
    ['an If-Match that is not a string', { 'If-Match': 7 }, "'If-Match' must be a string"],
  ])('an operation whose headers give %s is refused whole, nothing written', async (_name, headers, says) => {
    const made = await batch({
      requests: [
        {
          id: '1',
          method: 'POST',
          url: `${company}/contacts`,
          headers: { 'content-type': 'application/json' },
          body: person(90),
        },
      ],
    });
    const contact = made.body.responses?.[0]?.body as { id: string; displayName: string };
    const out = await batch({
      requests: [
        {
          id: '1',
          method: 'PATCH',
          url: `${company}/contacts(${contact.id})`,
          headers,
          body: { displayName: 'Overwritten' },
        },
      ],
    });
    expect([out.status, out.body.error?.code]).toEqual([400, 'BadRequest']);
    expect(out.body.error?.message).toContain(`requests[0].headers: ${says}`);
    const read = await f.app.inject({
      method: 'GET',
      url: `/api/v2.0/${company}/contacts(${contact.id})`,
      headers: { authorization: f.auth },
    });
    expect(read.json<{ displayName: string }>().displayName).toBe(contact.displayName);
  });
});
