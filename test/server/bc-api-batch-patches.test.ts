import { describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { batchAnswers, withFacade } from '../bc/harness.js';
import type { BatchAnswer, Facade } from '../bc/harness.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import {
  insertCompany,
  insertContacts,
  updateContact,
  updateContacts,
} from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { rowVersionOfEtag } from '../../src/store/bc-contact-rows.js';
import { GATHERED_MAX } from '../../src/server/bc-api/batch-creates.js';
import { patchRuns } from '../../src/server/bc-api/batch-patches.js';
import type { OperationLane } from '../../src/server/bc-api/batch-lanes.js';

// issue 12 (delta-outlook-1pct): a $batch's PATCHes of distinct contacts were a read and a write
// each; consecutive ones are now written in one statement. Contract: each operation answers exactly
// as the same PATCH sent on its own (a batch of one, never gathered), refusals and their error
// bodies included, over every kind of answer an update has.

let f: Facade;
withFacade((facade) => {
  f = facade;
});

/** A contact of the test company (or `companyId`) made straight in the store: its id and etag. */
async function contact(n: number, companyId = f.company.id): Promise<{ id: string; etag: string }> {
  const [made] = await insertContacts(f.db, f.clock, companyId, [bcDraft(n)]);
  if (!made?.ok) throw new Error('seed failed');
  return { id: made.value.id, etag: made.value.etag };
}

const patch = (opId: string, id: string, ifMatch: string | null, body: object, companyId = f.company.id) => ({
  id: opId,
  method: 'PATCH',
  url: `companies(${companyId})/contacts(${id})`,
  headers: { 'content-type': 'application/json', ...(ifMatch === null ? {} : { 'if-match': ifMatch }) },
  body,
});

/** One kind of answer: how to make its contact, then the PATCH sent for it. */
interface Case {
  readonly name: string;
  readonly made: (n: number) => Promise<{ id: string; ifMatch: string | null }>;
  readonly body: object;
}

const fresh = async (n: number) => {
  const c = await contact(n);
  return { id: c.id, ifMatch: c.etag };
};

const CASES: readonly Case[] = [
  { name: 'updated at its etag', made: fresh, body: { jobTitle: 'Gathered' } },
  {
    name: 'updated at *',
    made: async (n) => ({ ...(await fresh(n)), ifMatch: '*' }),
    body: { city: 'Aarhus' },
  },
  {
    name: 'stale etag: 409',
    made: async (n) => {
      const c = await contact(n);
      await updateContact(f.db, f.clock, f.company.id, c.id, c.etag, { jobTitle: 'Changed meanwhile' });
      return { id: c.id, ifMatch: c.etag };
    },
    body: { jobTitle: 'Too late' },
  },
  {
    name: 'no such contact: 404',
    made: async () => ({ id: randomUUID(), ifMatch: '*' }),
    body: { city: 'X' },
  },
  {
    name: 'deleted contact: 404',
    made: async (n) => {
      const c = await contact(n);
      await f.db.query('UPDATE bc_contacts SET deleted_at = now() WHERE id = $1', [c.id]);
      return { id: c.id, ifMatch: '*' };
    },
    body: { city: 'X' },
  },
  { name: 'invalid e-mail: 400', made: fresh, body: { email: 'not an address' } },
  { name: 'unknown country: 400', made: fresh, body: { country: 'ZZ' } },
  { name: 'known country written', made: fresh, body: { country: 'SE', city: 'Malmö' } },
  { name: 'too long: 400', made: fresh, body: { displayName: 'x'.repeat(200) } },
  {
    name: 'no If-Match: 400 before the write',
    made: async (n) => ({ ...(await fresh(n)), ifMatch: null }),
    body: {},
  },
  { name: 'unknown property: 400 by the schema', made: fresh, body: { nope: 1 } },
  {
    name: 'key in upper case: the same contact',
    made: async (n) => {
      const c = await fresh(n);
      return { ...c, id: c.id.toUpperCase() };
    },
    body: { jobTitle: 'Upper' },
  },
];

/** An answer with what differs between twin contacts (id, number, time, the etag's id) taken out. */
function comparable(a: BatchAnswer & { headers?: Record<string, string> }, id: string) {
  const version = (etag: unknown) =>
    typeof etag === 'string' ? rowVersionOfEtag(etag, id.toLowerCase()) : etag;
  const text = JSON.stringify({ ...a, id: 'op' })
    .split(id)
    .join('<id>')
    .split(id.toLowerCase())
    .join('<id>');
  const out = JSON.parse(text) as BatchAnswer & { headers?: Record<string, string> };
  if (out.body) {
    delete out.body.number;
    delete out.body.lastModifiedDateTime;
    if ('@odata.etag' in out.body) out.body['@odata.etag'] = version(a.body?.['@odata.etag']);
  }
  if (out.headers?.etag) out.headers.etag = String(version(a.headers?.etag));
  return out;
}

describe('a $batch of PATCHes of distinct contacts', () => {
  test('each answers as the same PATCH alone, every kind of answer; the gathered ones in one read and one write', async () => {
    let n = 9000;
    const gatheredTwins: { id: string; ifMatch: string | null }[] = [];
    const aloneTwins: { id: string; ifMatch: string | null }[] = [];
    for (const c of CASES) {
      gatheredTwins.push(await c.made(++n));
      aloneTwins.push(await c.made(n));
    }
    const query = jest.spyOn(f.db, 'query');
    const gathered = await batchAnswers(
      f,
      CASES.map((c, k) => patch(String(k), gatheredTwins[k]!.id, gatheredTwins[k]!.ifMatch, c.body)),
    );
    const statements = query.mock.calls.map(([sql]) => String(sql));
    query.mockRestore();
    const alone: BatchAnswer[] = [];
    for (const [k, c] of CASES.entries())
      alone.push(
        ...(await batchAnswers(f, [patch(String(k), aloneTwins[k]!.id, aloneTwins[k]!.ifMatch, c.body)])),
      );

    expect(CASES.map((c, k) => [c.name, comparable(gathered[k]!, gatheredTwins[k]!.id)])).toEqual(
      CASES.map((c, k) => [c.name, comparable(alone[k]!, aloneTwins[k]!.id)]),
    );
    expect(gathered.map((a) => a.status)).toEqual([
      200, 200, 409, 404, 404, 400, 400, 200, 400, 400, 400, 200,
    ]);
    // One read of the contacts and one write; none of a PATCH on its own.
    expect(statements.filter((s) => /^UPDATE bc_contacts SET/.test(s.trim()))).toHaveLength(1);
    expect(statements.filter((s) => /id = ANY\(\$2::uuid\[\]\) AND deleted_at IS NULL/.test(s))).toHaveLength(
      1,
    );
    // What was answered is what is stored.
    for (const k of [0, 1, 7, 11]) {
      const [read] = await batchAnswers(f, [
        { id: 'r', method: 'GET', url: `companies(${f.company.id})/contacts(${gatheredTwins[k]!.id})` },
      ]);
      expect(read!.body).toEqual(gathered[k]!.body);
    }
  });

  test('the same contact twice: the second PATCH sees the first (not gathered with it)', async () => {
    const c = await contact(9101);
    const other = await contact(9102);
    const answers = await batchAnswers(f, [
      patch('1', c.id, c.etag, { jobTitle: 'First' }),
      patch('2', other.id, other.etag, { jobTitle: 'Other' }),
      patch('3', c.id, c.etag, { city: 'Stale by then' }),
      patch('4', c.id, '*', { city: 'Second' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 409, 200]);
    expect([answers[3]!.body!.jobTitle, answers[3]!.body!.city]).toEqual(['First', 'Second']);
  });

  test("another company's contacts stay out of reach in a run: refused, nothing written", async () => {
    const foreign = await insertCompany(f.db, f.clock, { name: 'Not Ann’s' });
    const theirs = [await contact(9201, foreign.id), await contact(9202, foreign.id)];
    const mine = [await contact(9203), await contact(9204)];
    const answers = await batchAnswers(f, [
      patch('m1', mine[0]!.id, '*', { jobTitle: 'Mine' }),
      patch('m2', mine[1]!.id, '*', { jobTitle: 'Mine' }),
      patch('t1', theirs[0]!.id, '*', { jobTitle: 'Taken' }, foreign.id),
      patch('t2', theirs[1]!.id, '*', { jobTitle: 'Taken' }, foreign.id),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 404]);
    const rows = await f.db.query<{ job_title: string }>(
      'SELECT job_title FROM bc_contacts WHERE company_id = $1',
      [foreign.id],
    );
    expect(rows.rows.map((r) => r.job_title)).not.toContain('Taken');
  });
});

describe('updateContacts (store)', () => {
  test('a row written between the read and the statement is done again alone: stale at its etag, applied at *', async () => {
    const [a, b, c] = [await contact(9301), await contact(9302), await contact(9303)];
    // Another writer changes a and b just before the gathered statement goes out.
    let raced = false;
    const racing: Db = Object.create(f.db) as Db;
    racing.query = async <T>(sql: string, params?: readonly unknown[]) => {
      if (!raced && /FROM \(VALUES/.test(sql)) {
        raced = true;
        for (const x of [a, b])
          await updateContact(f.db, f.clock, f.company.id, x.id, '*', { jobTitle: 'Meanwhile' });
      }
      return f.db.query<T>(sql, params);
    };
    const out = await updateContacts(racing, f.clock, f.company.id, [
      { id: a.id, ifMatch: a.etag, patch: { city: 'Lost race' } },
      { id: b.id, ifMatch: '*', patch: { city: 'After the race' } },
      { id: c.id, ifMatch: c.etag, patch: { city: 'Untouched' } },
    ]);
    expect(raced).toBe(true);
    expect(out.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['stale', 'ok', 'ok']);
    const [, bNow, cNow] = out.map((r) => (r.ok ? r.value : null));
    expect([bNow?.jobTitle, bNow?.city]).toEqual(['Meanwhile', 'After the race']);
    expect(cNow?.city).toBe('Untouched');
  });
});

describe('patchRuns', () => {
  const on = (key: string): OperationLane => ({ kind: 'on', key });
  const one = (c: string, id: string) => on(`/companies(${c})/contacts(${id})`);
  test('consecutive PATCHes of distinct contacts of one company, two or more, cut at GATHERED_MAX', () => {
    const lanes = [
      one('c', 'a'),
      one('c', 'b'),
      one('c', 'a'), // the same contact again: a new run
      one('c', 'd'),
      one('e', 'f'), // another company: a new run
      one('e', 'g'),
      on('/companies(e)/contacts'), // a create
      one('e', 'h'),
      { kind: 'alone' } as OperationLane,
      one('e', 'i'),
    ];
    const methods = ['PATCH', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'POST', 'PATCH', 'PATCH', 'PATCH'];
    expect(patchRuns(methods, lanes)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    const many = Array.from({ length: GATHERED_MAX + 3 }, (_, k) => one('c', `x${k}`));
    const runs = patchRuns(
      many.map(() => 'PATCH'),
      many,
    );
    expect(runs.map((r) => r.length)).toEqual([GATHERED_MAX, 3]);
    expect(patchRuns(['GET', 'DELETE'], [one('c', 'a'), one('c', 'b')])).toEqual([]);
  });

  // Review V4: a run's members after its first start with it, not after their own lane's earlier
  // operations, so no member but the first may name a contact an operation before it names (since
  // the last operation that runs alone, which waits for all before it). Over random batches.
  test('no member but the first names a contact an earlier operation names (property)', () => {
    const op = fc.record({
      method: fc.constantFrom('PATCH', 'PATCH', 'GET', 'DELETE', 'POST'),
      company: fc.constantFrom('c', 'e'),
      contact: fc.constantFrom('a', 'b', 'd', 'f'),
      alone: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const lanes: OperationLane[] = ops.map((o) =>
          o.alone
            ? { kind: 'alone' }
            : o.method === 'POST'
              ? on(`/companies(${o.company})/contacts`)
              : one(o.company, o.contact),
        );
        const methods = ops.map((o) => o.method);
        for (const run of patchRuns(methods, lanes)) {
          const first = run[0]!;
          let since = 0;
          for (let k = first; k >= 0; k--)
            if (lanes[k]!.kind === 'alone') {
              since = k + 1;
              break;
            }
          for (const member of run.slice(1)) {
            const key = (lanes[member] as { key: string }).key;
            for (let k = since; k < member; k++) {
              const earlier = lanes[k]!;
              expect(earlier.kind === 'on' && earlier.key === key).toBe(false);
            }
          }
        }
      }),
      { numRuns: 2000, seed: 4 },
    );
  });
});
