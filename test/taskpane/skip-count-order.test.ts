/**
 * F78: one screen gave two counts for one reason. The settings preview counted a BC contact out of
 * scope for several reasons under core's order (company contact, privacy blocked, no name, no e-mail,
 * excluded by filter); the Skipped panel grouped it under the first reason recorded (no e-mail before
 * privacy blocked), so "no e-mail" read 17 in one place and 18 in the other. Now both use core's
 * countedReason. Checked over every combination of the five reasons, and the tester's example.
 */
import { describe, expect, test } from '@jest/globals';
import { compileFilter } from '../../src/core/filter/index.js';
import { outOfScopeReasons, previewScope } from '../../src/core/scope.js';
import type { OutOfScopeReason, ScopeSubject } from '../../src/core/scope.js';
import type { SkipView } from '../../src/taskpane/api/types.js';
import { skipGroups } from '../../src/taskpane/components/SkippedPanel/skip-groups.js';

type Kind = OutOfScopeReason['kind'];
const KINDS: readonly Kind[] = ['noEmail', 'noName', 'companyContact', 'privacyBlocked', 'excludedByFilter'];
const compiled = compileFilter({ city: 'Helsinki' });
if (!compiled.ok) throw new Error('the test filter compiles');
const FILTER = compiled.filter;

/** A BC contact out of scope for exactly `kinds`. */
function contact(kinds: readonly Kind[], n: number): ScopeSubject & { city: string; id: string } {
  return {
    id: `bc-${n}`,
    type: kinds.includes('companyContact') ? 'Company' : 'Person',
    displayName: kinds.includes('noName') ? '' : `Contact ${n}`,
    email: kinds.includes('noEmail') ? '' : `c${n}@contoso.example`,
    privacyBlocked: kinds.includes('privacyBlocked'),
    city: kinds.includes('excludedByFilter') ? 'Espoo' : 'Helsinki',
  };
}

/** The skipped entry a run records for it (the reasons as core gives them). */
function skipped(c: ReturnType<typeof contact>): SkipView {
  return {
    key: `bc:${c.id}`,
    side: 'bc',
    bcId: c.id,
    bcNumber: '',
    outlookId: '',
    displayName: c.displayName,
    reason: { kind: 'outOfScope', reasons: [...outOfScopeReasons(c, FILTER)] },
  };
}

/** Contacts per reason as the Skipped panel groups them. */
function panelCounts(entries: readonly SkipView[]): Record<string, number> {
  const text = (r: SkipView['reason']): string =>
    r.kind === 'outOfScope' ? r.reasons.map((x) => x.kind).join('+') : r.kind;
  const out: Record<string, number> = {};
  for (const g of skipGroups(entries, text)) out[text(g.reason)] = g.items.length;
  return out;
}

const nonZero = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('F78: the Skipped panel and the settings preview count each reason alike', () => {
  const combinations = Array.from({ length: 2 ** KINDS.length - 1 }, (_, m) =>
    KINDS.filter((_, i) => ((m + 1) >> i) & 1),
  );

  test.each(combinations.map((kinds) => [kinds.join(' + '), kinds] as const))(
    'a contact out of scope for %s is counted under the same reason in both',
    (_, kinds) => {
      const c = contact(kinds, 1);
      const preview = previewScope([c], FILTER);
      expect(panelCounts([skipped(c)])).toEqual(nonZero(preview.outOfScope));
    },
  );

  test('all 31 combinations at once: the per-reason counts agree', () => {
    const contacts = combinations.map((kinds, n) => contact(kinds, n));
    const preview = previewScope(contacts, FILTER);
    expect(panelCounts(contacts.map(skipped))).toEqual(nonZero(preview.outOfScope));
  });

  test("the tester's example: no e-mail and privacy blocked counts as privacy blocked (17 and 9, not 18 and 8)", () => {
    const people = [
      ...Array.from({ length: 17 }, (_, n) => contact(['noEmail'], n)),
      ...Array.from({ length: 8 }, (_, n) => contact(['privacyBlocked'], 100 + n)),
      contact(['noEmail', 'privacyBlocked'], 200),
    ];
    expect(nonZero(previewScope(people, FILTER).outOfScope)).toEqual({ noEmail: 17, privacyBlocked: 9 });
    expect(panelCounts(people.map(skipped))).toEqual({ noEmail: 17, privacyBlocked: 9 });
  });
});
