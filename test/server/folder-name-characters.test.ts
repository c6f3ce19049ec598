import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { invisibleCharacterIn, settingsProblems } from '../../src/core/settings-rules.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { problemText } from '../../src/messages/words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// Issue 10 item 6: zero-width and bidi control characters in folder names. Decision: refused
// (settings-rules.ts INVISIBLE) — a folder "Business\u200BCentral" shows as "Business Central"
// next to the real one, and an override (U+202E) shows a name reordered. ZWJ/ZWNJ stay allowed.

const REFUSED: ReadonlyArray<[string, string]> = [
  ['zero-width space', '\u200B'],
  ['word joiner', '\u2060'],
  ['byte order mark / zero-width no-break space', '\uFEFF'],
  ['soft hyphen', '\u00AD'],
  ['left-to-right mark', '\u200E'],
  ['right-to-left mark', '\u200F'],
  ['Arabic letter mark', '\u061C'],
  ['left-to-right embedding', '\u202A'],
  ['right-to-left override', '\u202E'],
  ['first strong isolate', '\u2068'],
  ['pop directional isolate', '\u2069'],
  ['a tab (control)', '\t'],
  ['a line feed (control)', '\n'],
  ['DEL (control)', '\u007F'],
  ['line separator (Zl)', '\u2028'],
  ['paragraph separator (Zp)', '\u2029'],
  ['Hangul choseong filler', '\u115F'],
  ['Hangul jungseong filler', '\u1160'],
  ['Hangul filler', '\u3164'],
  ['halfwidth Hangul filler', '\uFFA0'],
  ['Mongolian vowel separator', '\u180E'],
  ['interlinear annotation anchor (Cf)', '\uFFF9'],
];
const ALLOWED: ReadonlyArray<[string, string]> = [
  ['Persian with ZWNJ', 'مخاطبین\u200Cها'],
  ['an emoji ZWJ sequence', 'BC 👩\u200D💼'],
  ['accents, CJK and a space', 'Clientés 客户 BC'],
  ['Hangul text', '연락처 BC'],
  [
    'French spacing: a no-break space before the colon (kept: the folder is Outlook’s own text)',
    'Clients\u00A0: BC',
  ],
  ['an emoji with its presentation selector (U+FE0F)', 'BC ❤\uFE0F'],
  ["Scotland's flag (tag characters)", 'BC \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
];

const h = useSyncHarness();

describe('folder names: invisible characters are refused, with the rule as data', () => {
  test('named example: "Business\\u200BCentral" → 400 (was saved, a second folder that looks the same)', async () => {
    const r = await call(h, ANN, 'PUT', '/sync/v1/settings', {
      ...DEFAULT_SETTINGS,
      folderName: 'Business\u200BCentral',
    });
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([
      400,
      'InvalidSettings',
      [
        {
          target: 'folderName',
          message: expect.stringContaining('U+200B'),
          reason: { kind: 'invisibleCharacter', codePoint: 'U+200B' },
        },
      ],
    ]);
    expect((await call(h, ANN, 'GET', '/sync/v1/settings')).body.folderName).toBe(
      DEFAULT_SETTINGS.folderName,
    );
  });

  test.each(REFUSED)(
    '%s → refused by PUT /settings and /settings/check, and by the pane rule',
    async (_n, ch) => {
      const codePoint = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      const folderName = `Sales${ch}BC`;
      expect(invisibleCharacterIn(folderName)).toBe(codePoint);
      expect(settingsProblems({ ...DEFAULT_SETTINGS, folderName }).map((p) => p.kind)).toEqual([
        'invisibleCharacter',
      ]);
      for (const url of ['/sync/v1/settings', '/sync/v1/settings/check']) {
        const r = await call(h, ANN, url.endsWith('check') ? 'POST' : 'PUT', url, {
          ...DEFAULT_SETTINGS,
          folderName,
        });
        expect([url, r.status, r.body.error?.details?.[0]?.reason]).toEqual([
          url,
          400,
          { kind: 'invisibleCharacter', codePoint },
        ]);
      }
    },
  );

  test.each(ALLOWED)('%s → saved', async (_n, folderName) => {
    const r = await call(h, ANN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName });
    expect([r.status, r.body.folderName]).toEqual([200, folderName]);
  });

  test('the pane words the problem in all six languages, naming the character', () => {
    for (const lang of LANGS) {
      const words = catalogWords(lang, CODE_CATALOGS[lang] as never);
      const text = problemText(words, {
        kind: 'invisibleCharacter',
        target: 'folderName',
        codePoint: 'U+202E',
      });
      expect([lang, text.includes('U+202E'), text.length > 20]).toEqual([lang, true, true]);
    }
  });
});
