import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { facadeCall, startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { laneOf } from '../../src/server/bc-api/batch-lanes.js';
import { patchRuns } from '../../src/server/bc-api/batch-patches.js';
import { StoreBcSource } from '../../src/server/bc-api/bc-source.js';
import type { BcSource } from '../../src/server/bc-api/bc-source.js';
import { insertContacts } from '../../src/store/bc-repository.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Review V4 (99f0f3e, batch.ts): when the first operation of a gathered run of PATCHes gets its
// turn, batch.ts starts EVERY operation of the run at once (`for (const i of gathered.indexes)
// run(i, …)`), ignoring the lane each later member waits in (runInLanes' `lastOn`). A member whose
// contact has an earlier operation in the batch outside the run (a DELETE, a PATCH, a GET of the
// same contact) ran beside it, so the batch no longer answered "as if its operations had run one
// after another": a DELETE at op 0 was overtaken by a PATCH of the same contact at op 3 — the DELETE
// refused 409 (stale etag) and the contact the client deleted stayed alive. Now patchRuns leaves
// such an operation out of the run (it starts its own, after its lane's earlier ones).
//
// Determinism: op 0's single write or read waits (macrotask turns, bounded) until the gathered
// write has been sent; in a facade that keeps lane order that never happens before op 0 ends, so
// the bound passes and the operations run in order.

// With the V4 fix taken out (patchRuns' `before.has(lane.key)`), the gathered write was sent within
// 2 turns of op 0's wait in every case; 100,000 turns made each held operation of a facade that
// keeps lane order spin that long for nothing (69 s of CPU for the file in CI). 1,000 is 500 times
// what the broken facade needs, and the three cases still fail without the fix.
const TURNS = 1_000;

let base: Facade;
let f: Facade;
let gatheredSent = false;

const held = new Set(['deleteContact', 'updateContact', 'getContact']);

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  base = await startFacade({ template });
  const store = new StoreBcSource(base.db, base.clock);
  const source = new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const fn = (v as (...a: unknown[]) => Promise<unknown>).bind(target);
      if (prop === 'updateContacts')
        return async (...a: unknown[]) => {
          gatheredSent = true;
          return fn(...a);
        };
      if (typeof prop === 'string' && held.has(prop))
        return async (...a: unknown[]) => {
          for (let turn = 0; turn < TURNS && !gatheredSent; turn++)
            await new Promise((resolve) => setImmediate(resolve));
          return fn(...a);
        };
      return fn;
    },
  }) as BcSource;
  f = await startFacade({ template, sameStore: base, source });
});
afterAll(async () => {
  await f?.close();
  await base?.close();
});

async function contacts(n: number) {
  const from = 100 * n;
  const made = await insertContacts(base.db, base.clock, base.company.id, [
    bcDraft(from + 1),
    bcDraft(from + 2),
    bcDraft(from + 3),
  ]);
  const [c1, c2, c3] = made.map((m) => (m.ok ? m.value : null));
  if (!c1 || !c2 || !c3) throw new Error('seed failed');
  return { c1, c2, c3 };
}

const path = (id: string) => `companies(${base.company.id})/contacts(${id})`;
const json = { 'content-type': 'application/json' };

type Before = 'DELETE' | 'PATCH' | 'GET';
/** What one after another answers, and c2's job title after the batch (null: gone). */
const WANT: Record<Before, { statuses: number[]; c2: string | null }> = {
  DELETE: { statuses: [204, 200, 200, 404], c2: null },
  PATCH: { statuses: [200, 200, 200, 200], c2: 'second' },
  GET: { statuses: [200, 200, 200, 200], c2: 'second' },
};

describe('a gathered run of PATCHes keeps each member’s lane (V4)', () => {
  test.each(['DELETE', 'PATCH', 'GET'] as const)(
    '%s c2, GET c3, PATCH c1, PATCH c2: answers and end state as one after another',
    async (before) => {
      gatheredSent = false;
      const { c1, c2, c3 } = await contacts(['DELETE', 'PATCH', 'GET'].indexOf(before) + 1);
      const first =
        before === 'DELETE'
          ? { id: '0', method: 'DELETE', url: path(c2.id), headers: { 'if-match': c2.etag } }
          : before === 'PATCH'
            ? {
                id: '0',
                method: 'PATCH',
                url: path(c2.id),
                headers: { ...json, 'if-match': c2.etag },
                body: { jobTitle: 'first' },
              }
            : { id: '0', method: 'GET', url: path(c2.id), headers: {} };
      const requests = [
        first,
        { id: '1', method: 'GET', url: path(c3.id), headers: {} },
        {
          id: '2',
          method: 'PATCH',
          url: path(c1.id),
          headers: { ...json, 'if-match': '*' },
          body: { jobTitle: 'x' },
        },
        {
          id: '3',
          method: 'PATCH',
          url: path(c2.id),
          headers: { ...json, 'if-match': '*' },
          body: { jobTitle: 'second' },
        },
      ];
      const r = await facadeCall(f, 'POST', '/api/v2.0/$batch', { requests });
      expect(r.status).toBe(200);
      const answers = r.body.responses as { status: number; body?: { jobTitle?: string } }[];
      const statuses = answers.map((x) => x.status);
      const after = await facadeCall(f, 'GET', `/api/v2.0/${path(c2.id)}`);
      const c2After = after.status === 200 ? (after.body.jobTitle as string) : null;
      // The GET at op 0 reads c2 as it was before the batch (one after another).
      const read = before === 'GET' ? answers[0]?.body?.jobTitle : undefined;
      expect({ statuses, c2: c2After, read }).toEqual({
        ...WANT[before],
        read: before === 'GET' ? c2.jobTitle : undefined,
      });
    },
  );

  test('patchRuns: no run holds an operation whose contact an earlier operation outside it names', () => {
    const c = '00000000-0000-4000-8000-00000000000c';
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const p = (n: number) => `/companies(${c})/contacts(${id(n)})`;
    const rows: [string[], string[], number[][]][] = [
      // [methods, paths, runs]
      [['DELETE', 'GET', 'PATCH', 'PATCH'], [p(2), p(3), p(1), p(2)], []],
      [['PATCH', 'GET', 'PATCH', 'PATCH'], [p(2), p(3), p(1), p(2)], []],
      [['GET', 'GET', 'PATCH', 'PATCH'], [p(2), p(3), p(1), p(2)], []],
      // The member whose contact came before starts a run of its own, with those after it.
      [['GET', 'PATCH', 'PATCH', 'PATCH'], [p(2), p(1), p(2), p(3)], [[2, 3]]],
      // An operation that runs alone (a list) waits for all before it: no predecessor is left out.
      [['DELETE', 'GET', 'PATCH', 'PATCH'], [p(2), `/companies(${c})/contacts`, p(1), p(2)], [[2, 3]]],
      // Distinct contacts throughout: one run, as before.
      [['GET', 'PATCH', 'PATCH', 'PATCH'], [p(9), p(1), p(2), p(3)], [[1, 2, 3]]],
    ];
    for (const [methods, paths, want] of rows)
      expect({
        paths,
        runs: patchRuns(
          methods,
          methods.map((m, i) => laneOf(m, paths[i]!)),
        ),
      }).toEqual({
        paths,
        runs: want,
      });
  });
});
