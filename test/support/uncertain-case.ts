import { expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import { countWrites } from '../../src/core/plan.js';
import type { RunOutcome } from '../../src/core/run.js';
import { createPrng } from '../../src/emulator/ids.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { seededFates, UNCERTAIN_FATES } from './uncertain-fetch.js';
import { outlookPerson } from './world.js';
import type { Seat } from './uncertain-world.js';

/**
 * One salesperson's case of the uncertain-writes property (issue 9 §5) and of the chaos test
 * (issue 9 Evidence): contacts on both sides, a clean full sync, changes on both sides (edits,
 * creates, deletes), runs with uncertain outcomes on both sides (`afterRun` checks each), then a
 * clean full sync: no duplicates after every run, every change on both sides at the end, and a
 * further run writes nothing.
 */
/** No two BC contacts share an e-mail; every Outlook contact carries a BC id, no two the same one. */
async function noDuplicates(seat: Seat): Promise<void> {
  const bc = await seat.bcAll();
  const outlook = await seat.outlookAll();
  const emails = bc.map((c) => normalizeEmail(c.email));
  expect(emails.length - new Set(emails).size).toBe(0);
  const stamped = outlook.map((o) => o.bcId).filter((b) => b !== '');
  expect(stamped.length - new Set(stamped).size).toBe(0);
}

export const caseArb = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  rate: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
  bcOnly: fc.integer({ min: 2, max: 8 }),
  outlookOnly: fc.integer({ min: 0, max: 5 }),
  bcEdits: fc.integer({ min: 0, max: 3 }),
  outlookEdits: fc.integer({ min: 0, max: 3 }),
  bcNew: fc.integer({ min: 0, max: 4 }),
  outlookNew: fc.integer({ min: 0, max: 4 }),
  bcDeletes: fc.integer({ min: 0, max: 2 }),
  outlookDeletes: fc.integer({ min: 0, max: 1 }),
  faultyRuns: fc.integer({ min: 1, max: 3 }),
});

export type UncertainCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

export async function runUncertainCase(
  seat: Seat,
  c: UncertainCase,
  afterRun: (run: RunOutcome) => Promise<void> = async () => undefined,
): Promise<void> {
  const tag = `s${c.seed}`;
  const made = await seat.bcDirect.create(
    Array.from({ length: c.bcOnly }, (_, i) => bcDraft(i, { email: `bc${i}.${tag}@fabrikam.com` })),
  );
  expect(made.every((m) => m.ok)).toBe(true);
  await seat.typeInOutlook(
    Array.from({ length: c.outlookOnly }, (_, i) =>
      outlookPerson(i, { emailAddresses: [{ address: `ol${i}.${tag}@fabrikam.com`, name: '' }] }),
    ),
  );
  expect((await seat.sync('full')).record.status).toBe('succeeded');

  // Both sides change: BC edits the first contacts, Outlook the last ones (no conflicts).
  const expectJob = new Map<string, string>();
  const now = await seat.bcAll();
  for (const b of now.slice(0, c.bcEdits)) {
    const [r] = await seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: `BC ${tag}` } }]);
    expect(r?.ok).toBe(true);
    expectJob.set(normalizeEmail(b.email), `BC ${tag}`);
  }
  const folder = await seat.folder();
  const bcEdited = new Set(now.slice(0, c.bcEdits).map((b) => b.id));
  const outlookNow = (await seat.outlookAll()).sort((a, b) => a.bcId.localeCompare(b.bcId));
  const free = outlookNow.filter((o) => !bcEdited.has(o.bcId));
  const outlookEdited = free.slice(0, c.outlookEdits);
  for (const o of outlookEdited) {
    const [r] = await seat.mailboxDirect.update(folder.id, [
      {
        id: o.id,
        changeKey: o.changeKey,
        patch: { displayName: o.displayName, jobTitle: `OL ${tag}` },
      },
    ]);
    expect(r?.ok).toBe(true);
    expectJob.set(normalizeEmail(o.emailAddresses[0]?.address ?? ''), `OL ${tag}`);
  }
  const deletedInOutlook = free.slice(outlookEdited.length, outlookEdited.length + c.outlookDeletes);
  await seat.mailboxDirect.delete(
    folder.id,
    deletedInOutlook.map((o) => ({ id: o.id, changeKey: o.changeKey })),
  );
  // BC deletes stay under the mass-delete guard's share (design §2: 20% of the folder).
  const untouched = free.slice(outlookEdited.length + c.outlookDeletes).map((o) => o.bcId);
  const deletedInBc = untouched.slice(0, Math.min(c.bcDeletes, Math.floor(outlookNow.length / 5)));
  for (const id of deletedInBc) await seat.deleteInBc(id);
  await seat.bcDirect.create(
    Array.from({ length: c.bcNew }, (_, i) => bcDraft(100 + i, { email: `bcnew${i}.${tag}@fabrikam.com` })),
  );
  await seat.typeInOutlook(
    Array.from({ length: c.outlookNew }, (_, i) =>
      outlookPerson(100 + i, {
        emailAddresses: [{ address: `olnew${i}.${tag}@fabrikam.com`, name: '' }],
      }),
    ),
  );

  // Runs with faults on both sides, then one without.
  const random = createPrng(c.seed);
  seat.bcFates = seededFates(random, c.rate, UNCERTAIN_FATES);
  seat.graphFates = seededFates(random, c.rate, UNCERTAIN_FATES);
  for (let r = 0; r < c.faultyRuns; r++) {
    const run = await seat.sync(r === 0 ? 'delta' : 'full');
    expect(['succeeded', 'failed']).toContain(run.record.status);
    await afterRun(run);
    await noDuplicates(seat);
  }
  seat.bcFates = null;
  seat.graphFates = null;
  const clean = await seat.sync('full');
  expect({ status: clean.record.status, errors: clean.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  await noDuplicates(seat);

  // Nothing lost: both sides hold the same contacts, every edit on both sides.
  const bc = await seat.bcAll();
  const outlook = await seat.outlookAll();
  const expectedEmails = [
    ...Array.from({ length: c.bcOnly }, (_, i) => `bc${i}.${tag}@fabrikam.com`),
    ...Array.from({ length: c.outlookOnly }, (_, i) => `ol${i}.${tag}@fabrikam.com`),
    ...Array.from({ length: c.bcNew }, (_, i) => `bcnew${i}.${tag}@fabrikam.com`),
    ...Array.from({ length: c.outlookNew }, (_, i) => `olnew${i}.${tag}@fabrikam.com`),
  ];
  const gone = new Set(deletedInBc.map((id) => normalizeEmail(now.find((b) => b.id === id)?.email ?? '')));
  expect(bc.map((b) => normalizeEmail(b.email)).sort()).toEqual(
    expectedEmails.filter((e) => !gone.has(e)).sort(),
  );
  expect(outlook.map((o) => o.bcId).sort()).toEqual(bc.map((b) => b.id).sort());
  const byId = new Map(bc.map((b) => [b.id, b]));
  for (const o of outlook) {
    const b = byId.get(o.bcId)!;
    expect(normalizeEmail(o.emailAddresses[0]?.address ?? '')).toBe(normalizeEmail(b.email));
    expect(o.jobTitle ?? '').toBe(b.jobTitle);
    const want = expectJob.get(normalizeEmail(b.email));
    if (want !== undefined) expect(b.jobTitle).toBe(want);
  }
  expect(countWrites((await seat.sync('full')).plan!)).toBe(0);
}
