import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter } from '../../src/core/filter/index.js';
import { makeLink } from '../../src/core/link.js';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { emptySyncFields } from '../../src/core/model.js';
import type { BcContact } from '../../src/core/model.js';
import { isQuietPair, pairContext, readFacts, viewLinked } from '../../src/core/pair.js';
import type { Pair } from '../../src/core/pair.js';
import { decidePair } from '../../src/core/pair-table.js';
import { linkB1O1, outlookCopyOf, presentPair } from '../support/linked-pair.js';

// Issue 12 §2: the planner skips building a linked pair (and its view) when `isQuietPair` says the
// table would decide it as `changes.stampsOnly` with nothing to do. That shortcut must agree with
// the table for every kind of pair: a quiet pair is decided so, and every pair decided so is quiet.

const filters = [{}, { city: "<>Stockholm&<>''" }, { email: '@*@x.com' }].map((f) => {
  const c = compileFilter(f);
  if (!c.ok) throw new Error('filter');
  return c.filter;
});

function bcContact(): BcContact {
  return {
    ...emptySyncFields(),
    id: 'b1',
    number: 'CT1',
    type: 'Person',
    displayName: 'Ann Lee',
    firstName: 'Ann',
    surname: 'Lee',
    email: 'ann@x.com',
    email2: 'ann2@x.com',
    phoneNumber: '+45 1',
    city: 'Oslo',
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: false,
    lastModifiedDateTime: '',
    etag: 'e1',
  };
}

/** One change to a pair that is quiet before it (or none). */
const CHANGES = [
  'none',
  'bcEtag',
  'outlookChangeKey',
  'bcValue',
  'bcEmailCase',
  'outlookValue',
  'outlookEmailOrder',
  'outlookOwnEmail',
  'outlookPhoneGone',
  'outlookStreetBreak',
  'privacyBlocked',
  'company',
  'filteredOut',
  'noEmail',
  'waiting',
] as const;

function pairWith(changes: readonly (typeof CHANGES)[number][]) {
  let bc = bcContact();
  const base = bcToSyncFields(bc);
  let ol = outlookCopyOf(base, 'k1');
  let link = linkB1O1(base);
  for (const change of changes) {
    if (change === 'bcEtag') bc = { ...bc, etag: 'e2' };
    if (change === 'outlookChangeKey') ol = { ...ol, changeKey: 'k2' };
    if (change === 'bcValue') bc = { ...bc, jobTitle: 'Boss' };
    if (change === 'bcEmailCase') bc = { ...bc, email: 'ANN@x.com' };
    if (change === 'outlookValue') ol = { ...ol, jobTitle: 'Chief' };
    if (change === 'outlookEmailOrder') ol = { ...ol, emailAddresses: [...ol.emailAddresses].reverse() };
    if (change === 'outlookOwnEmail')
      ol = { ...ol, emailAddresses: [...ol.emailAddresses, { address: 'own@x.com', name: 'Own' }] };
    if (change === 'outlookPhoneGone') ol = { ...ol, businessPhones: [] };
    if (change === 'outlookStreetBreak')
      ol = { ...ol, businessAddress: { ...ol.businessAddress, street: 'Road 1\nFloor 2' } };
    if (change === 'privacyBlocked') bc = { ...bc, privacyBlocked: true };
    if (change === 'company') bc = { ...bc, type: 'Company' };
    if (change === 'filteredOut') bc = { ...bc, city: 'Stockholm' };
    if (change === 'noEmail') bc = { ...bc, email: '' };
    if (change === 'waiting')
      link = makeLink(link, link.base, link, { emails: [], phones: [], waiting: { email2: 'w@x.com' } });
  }
  return { bc, ol, link };
}

const quietDecision = (pair: Pair, ctx: ReturnType<typeof pairContext>) => {
  const d = decidePair(pair, ctx);
  return (
    d.rule === 'changes.stampsOnly' && d.items.length === 0 && d.skipped.length === 0 && d.conflict === null
  );
};

/** `check` holds for any mix of changes, policy and filter (600 runs). */
const forAnyPair = (
  check: (pair: ReturnType<typeof pairWith>, ctx: ReturnType<typeof pairContext>) => void,
) =>
  fc.assert(
    fc.property(
      fc.subarray([...CHANGES]),
      fc.constantFrom('bcWins' as const, 'outlookWins' as const, 'manual' as const),
      fc.constantFrom(...filters),
      (changes, policy, filter) => check(pairWith(changes), pairContext({ policy, filter })),
    ),
    { numRuns: 600 },
  );

describe('a quiet linked pair (the planner does not build it)', () => {
  test('a pair nothing happened to is quiet, and the table decides it as stampsOnly with nothing to do', () => {
    const { bc, ol, link } = pairWith([]);
    const ctx = pairContext({ policy: 'bcWins', filter: filters[1]! });
    expect(isQuietPair(link, bc, ol, ctx)).toBe(true);
    expect(quietDecision(presentPair(link, bc, ol), ctx)).toBe(true);
  });

  // The same values to the user (e-mails compare case-blind; owned entries are found by value, an
  // Outlook-only entry is not BC's), and BC values waiting for room: still quiet.
  const STILL_QUIET = ['bcEmailCase', 'outlookEmailOrder', 'outlookOwnEmail', 'waiting'];
  test.each(CHANGES.filter((c) => c !== 'none').map((c) => [c, STILL_QUIET.includes(c)] as const))(
    '%s: quiet %s',
    (change, quiet) => {
      const { bc, ol, link } = pairWith([change]);
      const ctx = pairContext({ policy: 'bcWins', filter: filters[1]! });
      expect(isQuietPair(link, bc, ol, ctx)).toBe(quiet);
    },
  );

  test('property: isQuietPair agrees with the decision table for any mix of changes, policy and filter', () => {
    forAnyPair(({ bc, ol, link }, ctx) => {
      expect(isQuietPair(link, bc, ol, ctx)).toBe(quietDecision(presentPair(link, bc, ol), ctx));
    });
  });

  // The planner reads a pair's facts once (readFacts) for the quiet check and hands them to the
  // pair's view: a view made with them is the view made without them, for every kind of pair.
  test('property: the view made with the facts the quiet check read is the view made without them', () => {
    forAnyPair(({ bc, ol, link }, ctx) => {
      const pair = presentPair(link, bc, ol);
      expect(viewLinked(pair, ctx, readFacts(link, bc, ol, ctx))).toStrictEqual(viewLinked(pair, ctx));
    });
  });
});
