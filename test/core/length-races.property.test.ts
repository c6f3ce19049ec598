import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { BC_FIELD_LENGTHS } from '../../src/core/bc-field-rules.js';
import type { OutlookContact, SyncFieldName } from '../../src/core/model.js';
import { countWrites } from '../../src/core/plan.js';
import type { BcUpdate, OutlookUpdate } from '../../src/core/ports.js';
type ConflictPolicy = 'bcWins' | 'outlookWins' | 'manual';
import { linkedPerson } from '../support/world.js';

// Lead's list, item 3: values whose length is at, just under or just over BC's field length
// (design §3: never cut silently; the contact skipped with a reason, or on a conflict kept in the
// conflict record), with a user editing the same contact on either side between the run's read
// and its write (the edit lands just before the run's first BC or Outlook write goes out). Some
// values are typed decomposed (NFD): their NFC form is what counts (design §2), one character
// shorter per accent. Property, after the racing run and clean full runs: no side ever holds a
// cut value (each holds a whole value some user typed), BC never holds one over its length, the
// latest value each side's user typed is still on a side or in a conflict record, and the runs
// settle (a full run after them writes nothing). LENGTH_RACE_RUNS cases (default 150),
// LENGTH_RACE_SEED (default 3303).

const FIELDS = ['jobTitle', 'city', 'postalCode', 'companyName', 'state'] as const;
type Field = (typeof FIELDS)[number];

/**
 * A value of NFC length `len` starting with `tag`; `nfd`: its last letter typed decomposed. Upper
 * case: BC's Post Code is a Code field, which BC (and the facade, and the fake's API) upper-cases;
 * the fake's `edit` (a BC user's edit) does not, so a lower-case one would be a value BC never holds.
 */
function valueOf(tag: string, len: number, nfd: boolean): string {
  const body = tag + 'X'.repeat(Math.max(0, len - tag.length - 1));
  return nfd ? `${body}E\u0301` : `${body}É`;
}

const nfc = (s: string) => s.normalize('NFC');

/** What a user types in Outlook: at, under or over BC's length, composed or not. */
const valueArb = (field: Field, tag: string) =>
  fc
    .tuple(fc.constantFrom(-1, 0, 1, 7), fc.boolean())
    .map(([d, nfd]) => valueOf(tag, BC_FIELD_LENGTHS[field as SyncFieldName] + d, nfd));

/** What a BC user types: BC itself refuses more than its length. */
const bcValueArb = (field: Field, tag: string) =>
  fc.constantFrom(-1, 0).map((d) => valueOf(tag, BC_FIELD_LENGTHS[field as SyncFieldName] + d, false));

const caseArb = fc.constantFrom(...FIELDS).chain((field) =>
  fc.record({
    field: fc.constant(field),
    policy: fc.constantFrom<ConflictPolicy>('bcWins', 'outlookWins', 'manual'),
    /** What the users typed before the run: on Outlook, on BC, both, or neither. */
    outlookBefore: fc.option(valueArb(field, 'O1-'), { freq: 3 }),
    bcBefore: fc.option(bcValueArb(field, 'B1-'), { freq: 2 }),
    /** The edit racing the run, on which side, and before which of its writes. */
    race: fc.option(
      fc.record({
        side: fc.constantFrom<'bc' | 'outlook'>('bc', 'outlook'),
        before: fc.constantFrom<'bcWrite' | 'outlookWrite'>('bcWrite', 'outlookWrite'),
        value: valueArb(field, 'R2-'),
        bcValue: bcValueArb(field, 'S2-'),
      }),
      { freq: 4 },
    ),
    mode: fc.constantFrom<'full' | 'delta'>('full', 'delta'),
  }),
);

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
const tally = { cases: 0, raced: 0, conflicts: 0, skipped: 0 };

async function runCase(c: Case): Promise<void> {
  tally.cases++;
  const { w, a, o } = await linkedPerson({});
  await w.settings({ conflictPolicy: c.policy });
  const f = c.field;
  const typed = new Set<string>([nfc(a[f])]);
  // The latest value a user typed on each side (none yet: the synced value may be replaced).
  const latest: { bc: string | null; outlook: string | null } = { bc: null, outlook: null };
  w.later();
  if (c.outlookBefore !== null) {
    w.mailbox.userEdit(o.id, outlookPatch(f, c.outlookBefore, w.mailbox.peek(o.id)!));
    typed.add(nfc(c.outlookBefore));
    latest.outlook = nfc(c.outlookBefore);
  }
  if (c.bcBefore !== null) {
    w.bc.edit(a.id, { [f]: c.bcBefore });
    typed.add(nfc(c.bcBefore));
    latest.bc = nfc(c.bcBefore);
  }
  // The racing edit: applied once, just before the run's first write of the chosen side goes out.
  let raced = false;
  const race = () => {
    if (!c.race || raced) return;
    raced = true;
    tally.raced++;
    const value = c.race.side === 'bc' ? c.race.bcValue : c.race.value;
    if (c.race.side === 'bc') w.bc.edit(a.id, { [f]: value });
    else w.mailbox.userEdit(o.id, outlookPatch(f, value, w.mailbox.peek(o.id)!));
    typed.add(nfc(value));
    // The field changed again after both sides' edits: a conflict settled on them may go (design
    // §2), so only the racing value must stay.
    latest.bc = null;
    latest.outlook = null;
    latest[c.race.side] = nfc(value);
  };
  const bcUpdate = w.bc.update.bind(w.bc);
  w.bc.update = async (updates: readonly BcUpdate[]) => {
    if (c.race?.before === 'bcWrite') race();
    return bcUpdate(updates);
  };
  const olUpdate = w.mailbox.update.bind(w.mailbox);
  w.mailbox.update = async (folderId: string, updates: readonly OutlookUpdate[]) => {
    if (c.race?.before === 'outlookWrite') race();
    return olUpdate(folderId, updates);
  };

  const check = async (when: string) => {
    const bcNow = nfc(w.bc.peek(a.id)![f]);
    const olContact = w.mailbox.peek(o.id)!;
    const olNow = nfc(outlookValue(f, olContact));
    const limit = BC_FIELD_LENGTHS[f as SyncFieldName];
    // Whole values only: each side holds a value a user typed, BC none over its length.
    expect({ when, bc: typed.has(bcNow), outlook: typed.has(olNow), bcFits: bcNow.length <= limit }).toEqual({
      when,
      bc: true,
      outlook: true,
      bcFits: true,
    });
    // Nothing lost: each side's latest value is on a side, or in the conflict record.
    const scope = await w.scope();
    const kept = new Set([bcNow, olNow]);
    for (const entry of await w.store.listConflicts(scope)) {
      if (entry.record.kind !== 'fields') continue;
      tally.conflicts++;
      for (const fc_ of entry.record.fields)
        if (fc_.field === f) [fc_.bc, fc_.outlook].forEach((v) => kept.add(nfc(v)));
    }
    tally.skipped += (await w.store.listSkipped(scope)).length;
    expect({
      when,
      bc: latest.bc === null || kept.has(latest.bc),
      outlook: latest.outlook === null || kept.has(latest.outlook),
    }).toEqual({ when, bc: true, outlook: true });
  };

  const first = await w.sync(c.mode);
  expect(['succeeded', 'failed']).toContain(first.record.status);
  await check('after the racing run');
  w.bc.update = bcUpdate;
  w.mailbox.update = olUpdate;
  for (let i = 0; i < 2; i++) {
    const run = await w.sync('full');
    expect({ status: run.record.status, errors: run.record.errors }).toEqual({
      status: 'succeeded',
      errors: [],
    });
    await check(`after clean run ${i + 1}`);
  }
  expect(countWrites((await w.sync('full')).plan!)).toBe(0);
}

/** The Outlook patch of one BC field's value (design §3). */
function outlookPatch(field: Field, value: string, current: OutlookContact) {
  switch (field) {
    case 'jobTitle':
      return { jobTitle: value };
    case 'companyName':
      return { companyName: value };
    case 'city':
    case 'postalCode':
    case 'state':
      return { businessAddress: { ...current.businessAddress, [field]: value } };
  }
}

function outlookValue(field: Field, o: OutlookContact): string {
  if (field === 'jobTitle') return o.jobTitle ?? '';
  if (field === 'companyName') return o.companyName ?? '';
  return String((o.businessAddress as unknown as Record<string, unknown> | undefined)?.[field] ?? '');
}

describe("values at BC's field lengths, decided while users edit the same contact (property)", () => {
  test('never cut, never over BC’s length, the latest value of each side kept, and the runs settle', async () => {
    await fc.assert(fc.asyncProperty(caseArb, runCase), {
      numRuns: Number(process.env.LENGTH_RACE_RUNS ?? 150),
      seed: Number(process.env.LENGTH_RACE_SEED ?? 3303),
    });
    if (process.env.LENGTH_RACE_REPORT) process.stdout.write(`length races: ${JSON.stringify(tally)}\n`);
  }, 600_000);
});
