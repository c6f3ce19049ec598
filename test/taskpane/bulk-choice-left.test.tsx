/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import { MESSAGES } from '../messages/catalogs.js';
import { LANGS } from '../../src/messages/langs.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { renderConflicts } from './harness.js';

/*
 * Helper f2 (soak F2): "Keep Outlook" for a contact that only left the filter writes Outlook's
 * values to that same BC contact, and the next sync removes its copy as out of scope
 * (resolve-left-scope.ts); only a contact deleted in BC is added again. The bulk question said of
 * both "it is added to Business Central again". It now counts them apart, in every language.
 * Audit finding 3: a privacy-blocked or company contact takes nothing from Outlook; "Keep Outlook"
 * keeps its copy apart: counted in a third clause.
 */

type Gone = 'bcDeleted' | 'outOfScope' | 'privacyBlocked' | 'companyContact';
const gone = (n: number, reason: Gone): ConflictView =>
  ({
    bcId: `bc-${n}`,
    outlookId: `ol-${n}`,
    displayName: `Person ${n}`,
    kind: 'deletedInBc',
    status: 'open',
    detectedAt: null,
    reason:
      reason === 'bcDeleted'
        ? { kind: 'bcDeleted' }
        : reason === 'outOfScope'
          ? { kind: 'outOfScope', reasons: [{ kind: 'excludedByFilter', fields: ['city'] }] }
          : {
              kind: 'outOfScope',
              reasons: [{ kind: 'excludedByFilter', fields: ['city'] }, { kind: reason }],
            },
    fields: [{ field: 'jobTitle', base: 'a', bc: '', outlook: 'c', winner: 'none' }],
  }) as ConflictView;

const say = (lang: (typeof LANGS)[number], key: string, values: Record<string, number>): string =>
  String(new IntlMessageFormat(MESSAGES[lang][key as keyof (typeof MESSAGES)['en']], lang).format(values));

const closed = (c: ConflictView): boolean =>
  'reason' in c &&
  c.reason?.kind === 'outOfScope' &&
  c.reason.reasons.some((r) => r.kind === 'privacyBlocked' || r.kind === 'companyContact');

async function askOutlook(lang: (typeof LANGS)[number], conflicts: ConflictView[]): Promise<string> {
  renderConflicts(conflicts, {}, lang);
  const n = conflicts.length;
  await userEvent.click(await screen.findByRole('button', { name: say(lang, 'bulkKeepOutlook', { n }) }));
  const asked = say(lang, 'bulkAskOutlook', {
    n,
    deleted: conflicts.filter((c) => 'reason' in c && c.reason?.kind === 'bcDeleted').length,
    left: conflicts.filter((c) => 'reason' in c && c.reason?.kind === 'outOfScope' && !closed(c)).length,
    closed: conflicts.filter(closed).length,
  });
  return screen.getByText(asked).textContent ?? '';
}

describe('the bulk "Keep Outlook" question tells a deleted contact from one that left the filter', () => {
  test.each(LANGS)('%s: one deleted, two left: each counted in its own clause', async (lang) => {
    const text = await askOutlook(lang, [gone(1, 'bcDeleted'), gone(2, 'outOfScope'), gone(3, 'outOfScope')]);
    // The two clauses differ: the question with both counts is not the one with all three deleted.
    expect(text).not.toBe(say(lang, 'bulkAskOutlook', { n: 3, deleted: 3, left: 0, closed: 0 }));
    expect(text).not.toBe(say(lang, 'bulkAskOutlook', { n: 3, deleted: 0, left: 3, closed: 0 }));
  });

  test('the example: two that left the filter are not "added to Business Central again"', async () => {
    const text = await askOutlook('en', [gone(1, 'outOfScope'), gone(2, 'outOfScope')]);
    expect(text).not.toContain('added to Business Central again');
    expect(text).toContain(
      '2 of them left the filter: their Outlook values are written to their Business Central contacts, and the next sync removes their Outlook contacts',
    );
  });

  test.each(LANGS)(
    '%s: a privacy-blocked and a company contact: counted apart from those that left the filter',
    async (lang) => {
      const text = await askOutlook(lang, [
        gone(1, 'outOfScope'),
        gone(2, 'privacyBlocked'),
        gone(3, 'companyContact'),
      ]);
      expect(text).not.toBe(say(lang, 'bulkAskOutlook', { n: 3, deleted: 0, left: 3, closed: 0 }));
      expect(text).not.toBe(say(lang, 'bulkAskOutlook', { n: 3, deleted: 0, left: 1, closed: 0 }));
    },
  );

  test("the example: a privacy-blocked contact's copy is kept, Business Central not changed", async () => {
    const text = await askOutlook('en', [gone(1, 'privacyBlocked'), gone(2, 'companyContact')]);
    expect(text).not.toContain('left the filter');
    expect(text).toContain(
      '2 of them are privacy blocked or company contacts in Business Central: Business Central is not changed, and their Outlook contacts are kept but no longer synced.',
    );
  });
});
