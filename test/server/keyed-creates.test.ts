import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// F75, every place a facade request creates a BC contact under an Idempotency-Key: a direct POST
// of a contact and each POST operation of a `$batch`. A process that dies after the create
// committed and before its answer was kept leaves the key with no answer; once the claim expires,
// a resend runs again. Here "the process died before keeping the answer" is the key's row removed
// (as the claim's expiry frees it), and the resend must find the contacts the first run made.
// (Sender adds are idempotent by address already, test/server/sender.test.ts.)

const ANN = 'ann@contoso.com';
type Json = Record<string, unknown>;
let server: QuietServer;
let companyId: string;
let auth = '';

async function call(path: string, body: Json, key: string) {
  const res = await fetch(`${server.url}/api/v2.0${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function copies(jobTitle: string): Promise<number> {
  const filter = encodeURIComponent(`jobTitle eq '${jobTitle}'`);
  const res = await fetch(
    `${server.url}/api/v2.0/companies(${companyId})/contacts?$filter=${filter}&$top=500`,
    {
      headers: { authorization: `Bearer ${auth}` },
    },
  );
  return ((await res.json()) as { value: Json[] }).value.length;
}

/** What a process killed after its writes and before its answer was kept leaves: a key without answer. */
const forgetAnswers = () => server.ctx.db.query('DELETE FROM idempotency_keys');

const person = (tag: string, i: number): Json => ({
  type: 'Person',
  displayName: `${tag} ${i}`,
  email: `${tag.toLowerCase().replace(/\W+/g, '-')}-${i}@fabrikam.com`,
  jobTitle: tag,
});

/** Each place: the request, and how many contacts one such request creates. */
const PLACES: readonly (readonly [string, (tag: string) => [string, Json], number])[] = [
  ['POST contacts', (tag) => [`/companies(${companyId})/contacts`, person(tag, 0)], 1],
  [
    '$batch of 20 creates',
    (tag) => [
      '/$batch',
      {
        requests: Array.from({ length: 20 }, (_, i) => ({
          id: `op-${i}`,
          method: 'POST',
          url: `companies(${companyId})/contacts`,
          headers: { 'content-type': 'application/json' },
          body: person(tag, i),
        })),
      },
    ],
    20,
  ],
];

beforeAll(async () => {
  server = await startQuietServer('keyed-creates-', { env: { SEED_DEMO: '1' }, overrides: NO_RATE_LIMIT });
  auth = await server.ctx.devIssuer!.userToken(ANN, 'facade', { lifetimeSeconds: 3600 });
  const res = await fetch(`${server.url}/api/v2.0/companies`, {
    headers: { authorization: `Bearer ${auth}` },
  });
  companyId = ((await res.json()) as { value: Json[] }).value[0]!.id as string;
  await grantMembership(server.ctx.db, devUserKey(ANN), companyId, 'test');
});

afterAll(() => server?.close());

describe('a create run again for its Idempotency-Key adds nothing (F75)', () => {
  test.each(PLACES)(
    '%s: resent after its answer was lost with the process: the same contacts, no more',
    async (_, make, n) => {
      const tag = `F75 ${_.replace(/\W+/g, ' ').trim()}`;
      const [path, body] = make(tag);
      const first = await call(path, body, `${tag.replace(/\W+/g, '-')}-key`);
      expect(first.status).toBeLessThan(300);
      expect(await copies(tag)).toBe(n);
      await forgetAnswers();
      const again = await call(path, body, `${tag.replace(/\W+/g, '-')}-key`);
      expect(again.status).toBe(first.status);
      expect(await copies(tag)).toBe(n);
      // The resend answers the contacts the first run made (same ids), each 201 as before.
      const ids = (r: { body: Json }) =>
        'responses' in r.body
          ? (r.body.responses as { status: number; body: Json }[]).map(
              (o) => `${o.status} ${o.body.id as string}`,
            )
          : [r.body.id];
      expect(ids(again)).toEqual(ids(first));
    },
  );

  test('another key for the same body is another request: it creates (the key, not the body, names the create)', async () => {
    const body = person('F75 other key', 0);
    await call(`/companies(${companyId})/contacts`, body, 'f75-k1');
    await call(`/companies(${companyId})/contacts`, body, 'f75-k2');
    expect(await copies('F75 other key')).toBe(2);
  });

  // F81 (tester): once the key's kept answer expired, a create reusing it for another person got
  // 201 with the FIRST contact's data and the new person was never made.
  test.each(PLACES)(
    '%s: the same key reused for other people after its answer expired creates them, never answers the first',
    async (_, make, n) => {
      const tag = `F81 ${_.replace(/\W+/g, ' ').trim()}`;
      const key = `${tag.replace(/\W+/g, '-')}-key`;
      const [path, body] = make(`${tag} first`);
      const first = await call(path, body, key);
      await forgetAnswers();
      const [, other] = make(`${tag} second`);
      const second = await call(path, other, key);
      expect(second.status).toBe(first.status);
      expect(await copies(`${tag} first`)).toBe(n);
      expect(await copies(`${tag} second`)).toBe(n);
      const titles = (r: { body: Json }) =>
        'responses' in r.body
          ? (r.body.responses as { body: Json }[]).map((o) => o.body.jobTitle)
          : [r.body.jobTitle];
      expect(new Set(titles(second))).toEqual(new Set([`${tag} second`]));
    },
  );

  test('a create without a key is not changed: each POST creates', async () => {
    for (let i = 0; i < 2; i++)
      await fetch(`${server.url}/api/v2.0/companies(${companyId})/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify(person('F75 no key', 0)),
      });
    expect(await copies('F75 no key')).toBe(2);
  });
});
