import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { FOLDER_NAME, settingsProblems, storedLength } from '../../src/core/settings-rules.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// Issue 14 F29: the 255-character limit of the folder name counted UTF-16 units of the text as
// typed, before NFC — a name typed decomposed was refused though its stored (NFC) form fits. Now
// the pane (which runs settingsProblems as the user types) and the server (which refuses with it)
// count one way, storedLength: UTF-16 code units of the NFC form, as BC's Text[n] counts (a
// SQL nvarchar(n): n byte-pairs, an astral character two).

const MAX = FOLDER_NAME.max;
const e = 'e\u0301'; // é, decomposed: 2 units typed, 1 stored
const hangul = '\u1112\u1161\u11AB'; // 한 as three jamo: 3 units typed, 1 stored
const emoji = '\u{1F600}'; // one code point, two UTF-16 units
const qDot = 'q\u0307'; // no precomposed form: 2 units however it is typed

/** [name, folder name, stored length, accepted]. */
const ROWS: ReadonlyArray<readonly [string, string, number, boolean]> = [
  ['255 ASCII letters', 'a'.repeat(MAX), MAX, true],
  ['256 ASCII letters', 'a'.repeat(MAX + 1), MAX + 1, false],
  ['255 é typed decomposed (510 units typed)', e.repeat(MAX), MAX, true],
  ['256 é typed decomposed', e.repeat(MAX + 1), MAX + 1, false],
  ['255 Hangul syllables as jamo (765 units typed)', hangul.repeat(MAX), MAX, true],
  ['127 emoji and a letter (255 units)', `${emoji.repeat(127)}a`, MAX, true],
  ['128 emoji (128 code points, 256 units)', emoji.repeat(128), 2 * 128, false],
  ['127 q with dot above and a letter', `${qDot.repeat(127)}a`, MAX, true],
  ['128 q with dot above (256 units)', qDot.repeat(128), 2 * 128, false],
  [
    'mixed: 100 é decomposed, 77 emoji, 1 letter',
    `${e.repeat(100)}${emoji.repeat(77)}a`,
    100 + 154 + 1,
    true,
  ],
];

const h = useSyncHarness();

describe('F29: the folder name is counted as it is stored, by the pane and the server alike', () => {
  test.each(ROWS)('%s', async (_, folderName, length, accepted) => {
    expect(storedLength(folderName)).toBe(length);
    const settings = { ...DEFAULT_SETTINGS, folderName };
    // The pane's check as the user types (the same function the server refuses with).
    const tooLong = settingsProblems(settings).filter((p) => p.kind === 'tooLong');
    expect(tooLong).toEqual(accepted ? [] : [{ kind: 'tooLong', target: 'folderName', max: MAX }]);
    // The server's answer.
    const r = await call(h, ANN, 'PUT', '/sync/v1/settings', settings);
    if (accepted) {
      expect(r.status).toBe(200);
      const stored = (await call(h, ANN, 'GET', '/sync/v1/settings')).body.folderName as string;
      expect(stored).toBe(folderName.normalize('NFC'));
      expect(stored.length).toBe(length);
    } else {
      expect([r.status, r.body.error.details]).toEqual([
        400,
        [expect.objectContaining({ target: 'folderName', reason: { kind: 'tooLong', max: MAX } })],
      ]);
    }
  });

  test('named example: 255 é typed decomposed (was refused: 510 units counted before NFC)', () => {
    const folderName = e.repeat(MAX);
    expect(folderName.length).toBe(2 * MAX);
    expect(settingsProblems({ ...DEFAULT_SETTINGS, folderName })).toEqual([]);
  });
});
