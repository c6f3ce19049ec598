import { describe, expect, test } from '@jest/globals';
import { emailFoldTranslation, foldEmailCase } from '../../src/pure/email-fold.js';
import { normalizeEmail } from '../../src/core/model.js';

/*
 * Brief emailfold: one folding of e-mail addresses (pure/email-fold.ts), with BC's semantics: two
 * addresses are one when their per-character simple upper cases are equal (BC's Search E-Mail is
 * UpperCase(E-Mail), reference bc-contact-sync.md §2a). The facade's SQL function is built from the
 * same table (test/server/email-fold-sides compares them on PGlite and PostgreSQL).
 */

/** A character's simple upper case where JavaScript's full one is a single character, else itself. */
function upper(ch: string): string {
  const up = ch.toUpperCase();
  return [...up].length === 1 ? up : ch;
}

/** Every code point of planes 0 and 1 but surrogates; the table's characters all lie there. */
const CODE_POINTS = Array.from({ length: 0x20000 }, (_, cp) => cp).filter((cp) => cp < 0xd800 || cp > 0xdfff);

describe('foldEmailCase: one address exactly when BC upper-cases them alike', () => {
  const cases: [string, string, boolean][] = [
    ['ΣΟΦΙΑΣ@ellas.example', 'σοφιας@ellas.example', true],
    ['σοφιας@ellas.example', 'σοφιασ@ellas.example', true],
    ['İlker@x.example', 'ilker@x.example', false],
    ['İlker@x.example', 'i\u0307lker@x.example', false],
    ['ılker@x.example', 'ILKER@x.example', true],
    ['strauß@x.example', 'STRAUẞ@x.example', false],
    ['strauß@x.example', 'strauss@x.example', false],
    ['kelvin\u212a@x.example', 'kelvink@x.example', true], // NFC makes the Kelvin sign K first
    ['\ufb01nn@x.example', 'finn@x.example', false],
    ['Ａnna@x.example', 'ａnna@x.example', true],
    ['Ａnna@x.example', 'anna@x.example', false],
    ['Émile@x.example', 'e\u0301mile@x.example', true],
    ['ÖZGÜR@x.example', 'özgür@x.example', true],
    ['ᾈδης@x.example', 'ᾀδης@x.example', true],
    ['µ@x.example', 'Μ@x.example', true],
    ['ſtefan@x.example', 'Stefan@x.example', true],
    ['Anna@Example.COM', 'anna@example.com', true],
  ];
  test.each(cases)('%s and %s are one address: %s', (a, b, same) => {
    expect(normalizeEmail(a) === normalizeEmail(b)).toBe(same);
  });

  test('the example: a final capital sigma folds as the small final sigma does', () => {
    expect(foldEmailCase('ΣΟΦΙΑΣ')).toBe(foldEmailCase('σοφιας'));
  });

  test('ASCII folds as toLowerCase does (keys of plain addresses keep their form)', () => {
    const ascii = String.fromCharCode(...Array.from({ length: 128 }, (_, i) => i));
    expect(foldEmailCase(ascii)).toBe(ascii.toLowerCase());
  });

  test('property, every code point: its fold upper-cases as it does, and so folds alike exactly when upper cases are equal', () => {
    // fold(c) = fold(upper(c)) and upper(fold(c)) = upper(c): together, fold(a) = fold(b) iff
    // upper(a) = upper(b). A failure after a Node upgrade means Unicode moved on: the table is
    // frozen with migration 022, so a new table needs a new migration (email-fold.ts).
    const wrong: string[] = [];
    for (const cp of CODE_POINTS) {
      const ch = String.fromCodePoint(cp);
      // Full upper case of more than one character (ß, ﬁ, ᾀ's ἈΙ): BC keeps the character or takes
      // its simple upper case (ᾀ → ᾈ); the named cases above hold those.
      if ([...ch.toUpperCase()].length > 1) continue;
      const f = foldEmailCase(ch);
      if (f !== foldEmailCase(upper(ch)) || upper(f) !== upper(ch)) wrong.push(`U+${cp.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('idempotent, and the SQL translation is the table: one character for one, no quote', () => {
    const { from, to } = emailFoldTranslation();
    expect([...from]).toHaveLength([...to].length);
    expect(from + to).not.toContain("'");
    expect(foldEmailCase(from)).toBe(to);
    expect(foldEmailCase(to)).toBe(to);
  });
});
