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
import { SCOPE_KINDS, skipHintText, skipReasonText } from '../../src/messages/words.js';
import type { OutOfScopeReason } from '../../src/core/scope.js';
import { standing } from '../../src/taskpane/components/SkippedPanel/SkippedGroups.js';
import type { PreviewView, SkipView } from '../../src/taskpane/api/types.js';
import { PreviewPanel } from '../../src/taskpane/components/PreviewPanel/index.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { CODE_CATALOGS, MESSAGES, paneWords } from '../messages/catalogs.js';
import { outlookSkip, previewView, renderPane } from './harness.js';

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
  return previewView({ mode: 'delta', summary: { skipped: skipped.length }, skipped: [...skipped] });
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
      ['No e-mail (1)', 0],
      ['Out of scope: company contact (3)', 1],
    ]);
    shown.unmount();
    const panel = renderPane(<SkippedPanel skipped={SKIPPED} />);
    expect(groups(panel.container, hint)).toEqual([
      ['No e-mail (1)', 0],
      ['Out of scope: company contact (3)', 1],
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
    ).toEqual(['Firm 2 (Business Central\u00a0· No.\u00a0KT000002)']);
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

/** A scope reason of `kind` (the filter's names the fields it failed on). */
const scope = (kind: OutOfScopeReason['kind']): OutOfScopeReason =>
  kind === 'excludedByFilter' ? { kind, fields: ['city'] } : ({ kind } as OutOfScopeReason);

/** Every ordered pair of two different scope reasons, in every language. */
const PAIRS = LANGS.flatMap((lang) =>
  SCOPE_KINDS.flatMap((a) => SCOPE_KINDS.filter((b) => b !== a).map((b) => [lang, a, b] as const)),
);

describe('a contact skipped for more than its group says (the second-reason line)', () => {
  test.each(PAIRS)(
    '%s, out of scope for %s and %s: titled as a title, each further reason once with its hint',
    (lang, a, b) => {
      const words = paneWords(lang);
      const both: SkipView = {
        ...company(1),
        displayName: 'Both Reasons',
        reason: { kind: 'outOfScope', reasons: [scope(a), scope(b)] },
      };
      // Another contact out of scope for `a` alone and one for `b` alone: the pair joins one group.
      const view = renderPane(
        <SkippedPanel
          skipped={[
            both,
            { ...company(2), reason: { kind: 'outOfScope', reasons: [scope(a)] } },
            { ...company(3), reason: { kind: 'outOfScope', reasons: [scope(b)] } },
          ]}
        />,
        { lang },
      );
      const item = within(view.container).getByRole('listitem', { name: 'Both Reasons' });
      const region = item.closest('section')!;
      const title = region.getAttribute('aria-label')!;
      const alone = (k: OutOfScopeReason['kind']) =>
        skipReasonText(words as never, { kind: 'outOfScope', reasons: [scope(k)] });
      const grouped = [a, b].find((k) => title.startsWith(standing(alone(k), lang)));
      expect(grouped).toBeDefined();
      const further = grouped === a ? b : a;
      const reason = { kind: 'outOfScope' as const, reasons: [scope(further)] };
      const lines = Array.from(item.querySelectorAll('span, div')).map((e) => e.textContent);
      const furtherText = standing(skipReasonText(words as never, reason), lang);
      // A title and a line of their own start as the language starts a sentence.
      expect(title[0]).toBe(title[0]!.toLocaleUpperCase(lang));
      expect(furtherText[0]).toBe(furtherText[0]!.toLocaleUpperCase(lang));
      expect(lines).toContain(furtherText);
      expect(lines).toContain(words.t('hintText', { hint: skipHintText(words as never, reason) }));
      // The group's own reason is not said again for the contact.
      expect(item.textContent!.toLocaleLowerCase(lang)).not.toContain(
        alone(grouped!).toLocaleLowerCase(lang),
      );
      view.unmount();
    },
  );

  test('the example: privacy blocked and without e-mail, listed under privacy blocked, says "no e-mail" and how to fix it', () => {
    const linnea: SkipView = {
      ...company(5),
      displayName: 'Linnea Larsson',
      reason: { kind: 'outOfScope', reasons: [{ kind: 'privacyBlocked' }, { kind: 'noEmail' }] },
    };
    renderPane(<SkippedPanel skipped={[linnea]} />);
    const group = screen.getByRole('region', { name: 'Out of scope: privacy blocked (1)' });
    const item = within(group).getByRole('listitem', { name: 'Linnea Larsson' });
    expect(item.textContent).toBe(
      'Linnea Larsson (Business Central\u00a0· No.\u00a0KT000005)' +
        'Other reasons' +
        'Out of scope: no e-mail' +
        'Hint: Add an e-mail address to the contact in Business Central.',
    );
  });

  test('a further reason of another kind (more) is said with its own hint', () => {
    const both: SkipView = {
      ...outlookSkip('No Name Either'),
      reason: { kind: 'missingName' },
      more: [{ kind: 'missingEmail' }],
    };
    renderPane(<SkippedPanel skipped={[both]} />);
    const item = screen.getByRole('listitem', { name: 'No Name Either' });
    expect(item.textContent).toBe(
      'No Name Either (Outlook)Other reasonsNo e-mailHint: Add an e-mail address to the Outlook contact.',
    );
  });
});

describe('F120: a second reason reads as part of its contact, not as the next group', () => {
  test.each(LANGS)(
    '%s: the further reasons are a list named "other reasons" inside the contact, no heading',
    (lang) => {
      const words = paneWords(lang);
      const both: SkipView = {
        ...outlookSkip('Two Reasons'),
        reason: { kind: 'missingName' },
        more: [{ kind: 'missingEmail' }, { kind: 'tooLong', field: 'jobTitle', length: 31, max: 30 }],
      };
      const view = renderPane(<SkippedPanel skipped={[both, outlookSkip('One Reason')]} />, { lang });
      const item = within(view.container).getByRole('listitem', { name: 'Two Reasons' });
      const list = within(item).getByRole('list', { name: words.t('otherReasons') });
      const reasons = within(list).getAllByRole('listitem');
      expect(reasons.map((r) => r.textContent)).toEqual(
        both.more!.map(
          (r) =>
            standing(skipReasonText(words as never, r), lang) +
            words.t('hintText', { hint: skipHintText(words as never, r) }),
        ),
      );
      // Nothing inside a contact is a heading or a region of its own, as a group is.
      expect(within(item).queryAllByRole('heading')).toEqual([]);
      expect(within(item).queryAllByRole('region')).toEqual([]);
      // A contact with one reason has no such list.
      const one = within(view.container).getByRole('listitem', { name: 'One Reason' });
      expect(within(one).queryByRole('list')).toBeNull();
      view.unmount();
    },
  );

  test.each(LANGS)("%s: the separator before the BC No. stays on the side's line", (lang) => {
    renderPane(<SkippedPanel skipped={[company(1)]} />, { lang });
    const text = screen.getByRole('listitem', { name: 'Firm 1' }).textContent!;
    expect(text).toContain(`\u00a0· ${MESSAGES[lang].field_number}\u00a0KT000001`);
    expect(text).not.toMatch(/ ·/);
  });
});
