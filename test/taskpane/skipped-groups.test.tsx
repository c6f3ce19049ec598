/** @jest-environment jsdom */
/**
 * Issue 14 items 3 and 7: the preview lists skipped contacts as the Skipped panel does (one
 * component: grouped by reason, the hint said once per group), and a BC "No." never parts from its
 * number at a line end, in every language, wherever it is written (pane lists, skip texts).
 */
import { describe, expect, test } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { catalogWords, describeSkipReason } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { skipReasonText } from '../../src/messages/words.js';
import type { PreviewView, SkipView } from '../../src/taskpane/api/types.js';
import { PreviewPanel } from '../../src/taskpane/components/PreviewPanel/index.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { CODE_CATALOGS, MESSAGES } from '../messages/catalogs.js';
import { outlookSkip, renderPane } from './harness.js';

const company = (n: number): SkipView => ({
  key: `bc:b${n}`,
  side: 'bc',
  bcId: `b${n}`,
  bcNumber: `KT00000${n}`,
  outlookId: '',
  displayName: `Firm ${n}`,
  reason: { kind: 'outOfScope', reasons: [{ kind: 'companyContact' }] },
});
const noEmail: SkipView = outlookSkip('No Address');
const SKIPPED = [company(1), company(2), company(3), noEmail];

function preview(skipped: readonly SkipView[]): PreviewView {
  return {
    mode: 'delta',
    summary: {
      bc: { create: 0, update: 0 },
      outlook: { create: 0, update: 0, delete: 0 },
      links: 0,
      conflicts: 0,
      skipped: skipped.length,
    },
    guard: null,
    excludedByFilter: 0,
    items: [],
    conflicts: [],
    skipped: [...skipped],
  };
}

/** The groups a list shows: each group's name and how often the panel says its hint. */
function groups(container: HTMLElement, hint: string): [string | null, number][] {
  return within(container)
    .getAllByRole('region')
    .filter((r) => r.querySelector('[role="listitem"], li'))
    .map((r) => [r.getAttribute('aria-label'), r.textContent!.split(hint).length - 1]);
}

describe('one grouped list of skipped contacts', () => {
  const hint = 'Only contacts of type Person are synced; company contacts stay in Business Central.';

  test('the preview groups its skipped contacts by reason, the hint once per group, as the Skipped panel', () => {
    const shown = renderPane(<PreviewPanel preview={preview(SKIPPED)} onPreview={() => undefined} />);
    const inPreview = within(shown.container).getByRole('region', { name: 'Skipped' });
    expect(groups(inPreview, hint)).toEqual([
      ['no e-mail (1)', 0],
      ['out of scope: company contact (3)', 1],
    ]);
    shown.unmount();
    const panel = renderPane(<SkippedPanel skipped={SKIPPED} />);
    expect(groups(panel.container, hint)).toEqual([
      ['no e-mail (1)', 0],
      ['out of scope: company contact (3)', 1],
    ]);
  });

  test("the preview's find box filters the skipped groups too", async () => {
    renderPane(<PreviewPanel preview={preview(SKIPPED)} onPreview={() => undefined} />);
    await userEvent.type(screen.getByRole('searchbox'), 'KT000002');
    const inPreview = screen.getByRole('region', { name: 'Skipped' });
    expect(
      within(inPreview)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['Firm 2 (Business Central · No.\u00a0KT000002)']);
  });
});

describe('"No." and its number stay on one line (item 7)', () => {
  test.each(LANGS)('%s: the Skipped list and the skip texts join them with a no-break space', (lang) => {
    const label = MESSAGES[lang].field_number;
    renderPane(<SkippedPanel skipped={[company(1)]} />, { lang });
    const item = screen.getByRole('listitem', { name: 'Firm 1' }).textContent!;
    expect(item).toContain(`${label}\u00a0KT000001`);
    const reason = {
      kind: 'duplicateOfLinked' as const,
      bcId: 'b1',
      bcNumber: 'KT000042',
      bcName: 'Grace Clarke',
      linkedOutlookId: 'o9',
    };
    const text = skipReasonText(catalogWords(lang, CODE_CATALOGS[lang] as never), reason);
    expect(text).toMatch(/\u00a0KT000042\)/);
    expect(text).not.toMatch(/ KT000042/);
    if (lang === 'en') expect(describeSkipReason(reason)).toContain('No.\u00a0KT000042');
  });
});
