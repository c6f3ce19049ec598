import { describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Translate } from '../../src/taskpane/i18n/index.js';
import { heldText } from '../../src/taskpane/i18n/held-text.js';
import { World, outlookPerson, person } from '../support/world.js';
import { paneWords } from '../messages/catalogs.js';

// F50: the mass-delete prompt counted the folder's synced contacts (its links) but called them
// "the contacts in the Outlook folder". It counts, and says, the synced ones in every language.

const words = (lang: (typeof LANGS)[number]): Translate => paneWords(lang).t as Translate;

/** The word each language uses for "synced" in the prompt (and in the threshold's label). */
const SYNCED: Readonly<Record<(typeof LANGS)[number], RegExp>> = {
  en: /synced/,
  fi: /synkronoi/,
  sv: /synkade?|synkas/,
  nl: /gesynchroniseerde/,
  it: /sincronizzat/,
  fr: /synchronisé/,
};

type Held = NonNullable<RunRecord['held']>;
const HOLDS: readonly [string, Held][] = [
  ['massDelete', { kind: 'massDelete', deletes: 142, folderSize: 152, share: 0.2 }],
  ['bcEmpty', { kind: 'bcEmpty', deletes: 152, folderSize: 152, share: 1 }],
];

describe('F50: every held prompt counts and names the synced contacts', () => {
  test.each(HOLDS.flatMap(([name, held]) => LANGS.map((lang) => [name, lang, held] as const)))(
    '%s in %s',
    (kind, lang, held) => {
      const text = heldText(words(lang), held);
      expect(text).toMatch(SYNCED[lang]);
      expect(text).toContain('152');
      expect(text).not.toMatch(/\{\w+/);
      if (kind === 'massDelete') {
        // The real share (142 / 152 = 93 %) and the threshold (20 %), both.
        expect(text).toMatch(/93\s?%/);
        expect(text).toMatch(/20\s?%/);
      }
    },
  );

  test.each(LANGS)('the threshold label names the synced contacts too (%s)', (lang) => {
    expect(words(lang)('massDeleteShare')).toMatch(SYNCED[lang]);
  });

  test('a folder holding contacts never synced: the prompt counts the synced ones only', async () => {
    const w = new World();
    const ids = [1, 2, 3, 4, 5].map((n) => w.bc.seed(person(n)).id);
    await w.sync('full');
    // Four Outlook contacts without an e-mail: skipped, never synced, still in the folder.
    const folder = await w.folder();
    for (const n of [6, 7, 8, 9]) w.mailbox.userCreate(folder.id, outlookPerson(n, { emailAddresses: [] }));
    await w.sync('full');
    w.bc.remove(ids[0]!);
    w.bc.remove(ids[1]!);
    const held = await w.sync('full');
    expect(held.record.status).toBe('held');
    expect(await w.outlook()).toHaveLength(9);
    expect(held.record.held).toEqual({ kind: 'massDelete', deletes: 2, folderSize: 5, share: 0.2 });
    expect(heldText(words('en'), held.record.held!)).toBe(
      'This run would delete 2 of the 5 contacts synced to the Outlook folder (40%); the limit is 20%. Nothing has been written yet.',
    );
  });
});
