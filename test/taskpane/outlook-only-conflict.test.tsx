/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { LANGS } from '../../src/messages/langs.js';
import type { I18n } from '../../src/taskpane/i18n/index.js';
import { outlookOnlyText } from '../../src/taskpane/i18n/outlook-only-text.js';
import { paneWords } from '../messages/catalogs.js';
import { renderConflicts } from './harness.js';

// F59: a conflict held because the Outlook copy holds values BC has no field for (F54) said
// neither which values nor that "Keep Business Central" deletes them, and showed an empty "Field"
// chip. The card names every such value, in six languages, and what the choice deletes.

const held: ConflictView = {
  bcId: 'bc-9',
  outlookId: 'ol-9',
  displayName: 'Inès Martin',
  kind: 'deletedInBc',
  status: 'open',
  detectedAt: null,
  reason: { kind: 'bcDeleted' },
  outlookOnly: { properties: ['personalNotes', 'birthday'], emails: ['ines@home.example'], phones: [] },
  fields: [],
} as ConflictView;

const words = (lang: (typeof LANGS)[number]): Pick<I18n, 't' | 'list'> => paneWords(lang) as never;

describe('F59: what only Outlook holds, and what "Keep Business Central" deletes', () => {
  test('the example card, in English: the values, the choice, no empty field chip', () => {
    renderConflicts([held]);
    expect(screen.getByTestId('outlook-only').textContent).toBe(
      'Only Outlook holds: Notes, Birthday, and 1 more e-mail address. “Keep Business Central” deletes the Outlook contact, and these values with it.',
    );
    expect(screen.queryByRole('button', { name: /^Field/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Keep Business Central for Inès Martin' })).toBeTruthy();
  });

  test.each(LANGS)('every Outlook-only property has its own caption (%s)', (lang) => {
    const captions = OUTLOOK_ONLY_PROPERTIES.map((p) =>
      outlookOnlyText(words(lang), { properties: [p], emails: [], phones: [] }),
    );
    expect(new Set(captions).size).toBe(OUTLOOK_ONLY_PROPERTIES.length);
    for (const text of captions) expect(text).not.toMatch(/\{\w+|outlookProperty_/);
    const keepBc = paneWords(lang).t('keepBc');
    const all = outlookOnlyText(words(lang), {
      properties: OUTLOOK_ONLY_PROPERTIES,
      emails: ['a@x.example', 'b@x.example'],
      phones: ['+358 1'],
    });
    expect(all).toContain(keepBc);
    expect(all).toMatch(/2/);
    expect(all).toMatch(/1/);
  });
});
