import { describe, expect, test } from '@jest/globals';
import { compileFilter } from '../../src/core/filter/index.js';
import { syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { MATCH_STEP_CONTACTS, matchSteps } from '../../src/core/matching.js';
import { emptySyncFields } from '../../src/core/model.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { pairContext } from '../../src/core/pair.js';
import type { PlanInput } from '../../src/core/plan.js';
import { planInSteps, planSync } from '../../src/core/planner.js';

// The folder preview (and a run's planning) held the event loop through all of the matching of
// unlinked contacts: 344 ms in one piece for 8,000 a side at load 22 (bench:preview-loop, folder
// preview 4 at once: worst loop block 1,527 ms). Matching now pauses after every
// MATCH_STEP_CONTACTS contacts, and the planner hands each pause on as a step.

const pad = (i: number) => String(i).padStart(6, '0');

function bc(i: number): BcContact {
  return {
    ...emptySyncFields(),
    displayName: `Person ${i}`,
    email: `p${i}@example.com`,
    id: `00000000-0000-4000-8000-${pad(i).padStart(12, '0')}`,
    number: `C${pad(i)}`,
    type: 'Person',
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: false,
    lastModifiedDateTime: '2026-01-01T00:00:00Z',
    etag: `W/"${i}"`,
  };
}

/** Every other one has the e-mail of BC contact `i` (matched); the rest are new to BC. */
function outlook(i: number): OutlookContact {
  const email = i % 2 === 0 ? `p${i}@example.com` : `o${i}@example.net`;
  const fields = { ...emptySyncFields(), displayName: `Outlook ${i}`, email };
  return { ...syncFieldsToOutlookDraft(fields, ''), id: `AAMkAD${pad(i)}=`, changeKey: 'k', outlookOnly: [] };
}

function input(nBc: number, nOutlook: number): PlanInput {
  const filter = compileFilter({});
  if (!filter.ok) throw new Error('filter');
  return {
    mode: 'full',
    policy: 'bcWins',
    filter: filter.filter,
    massDeleteShare: 0.2,
    confirmMassDelete: false,
    links: [],
    bc: { kind: 'snapshot', contacts: Array.from({ length: nBc }, (_, i) => bc(i + 1)) },
    outlook: { kind: 'snapshot', contacts: Array.from({ length: nOutlook }, (_, i) => outlook(i + 1)) },
  };
}

/** The pauses of matching `nBc` unlinked BC and `nOutlook` unlinked Outlook contacts, and its result. */
function pausesOf(nBc: number, nOutlook: number) {
  const i = input(nBc, nOutlook);
  if (i.bc.kind !== 'snapshot' || i.outlook.kind !== 'snapshot') throw new Error('snapshots');
  const bcs = i.bc.contacts;
  const steps = matchSteps(
    {
      bcContacts: bcs,
      bcAfterPlan: {
        get: (id) => bcs.find((c) => c.id === id),
        forEach: (visit) => bcs.forEach((c) => visit(c)),
      },
      outlookContacts: i.outlook.contacts,
      linkOfBc: () => undefined,
      linkedOutlook: () => undefined,
    },
    pairContext(i),
  );
  let pauses = 0;
  for (let s = steps.next(); ; s = steps.next()) {
    if (s.done) return { pauses, matching: s.value };
    pauses++;
  }
}

describe('matching pauses every MATCH_STEP_CONTACTS contacts', () => {
  test.each([
    [0, 0],
    [MATCH_STEP_CONTACTS - 1, 0],
    [MATCH_STEP_CONTACTS, 0],
    [0, MATCH_STEP_CONTACTS],
    [1500, 1500],
    [3000, 100],
  ])('%i BC and %i Outlook contacts: a pause per MATCH_STEP_CONTACTS visited', (nBc, nOutlook) => {
    const { pauses, matching } = pausesOf(nBc, nOutlook);
    expect(pauses).toBe(Math.floor((nBc + nOutlook) / MATCH_STEP_CONTACTS));
    // Every contact ends up in one pair (no duplicates here, none skipped).
    const matched = matching.pairs.filter((p) => p.kind === 'matched').length;
    expect(matching.pairs.length).toBe(nBc + nOutlook - matched);
  });

  test('the example: 8,000 unlinked contacts a side are matched in 31 pieces (was one), the plan unchanged', async () => {
    const i = input(8000, 8000);
    let steps = 0;
    const plan = await planInSteps(i, async () => {
      steps++;
    });
    expect(pausesOf(8000, 8000).pauses).toBe(31);
    // The pairs' steps (512 pairs each) and the end, besides matching's 31 pauses and its own step.
    const pairs = 8000 + 8000 / 2;
    expect(steps).toBe(31 + 1 + Math.ceil(pairs / 512) - 1 + 1);
    expect(plan).toEqual(planSync(i));
    expect(plan.items.filter((p) => p.kind === 'createInBc')).toHaveLength(4000);
  });
});
