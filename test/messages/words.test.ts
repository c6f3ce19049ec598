import { describe, expect, test } from '@jest/globals';
import { compileFilter } from '../../src/core/filter/index.js';
import { parseFilterExpression } from '../../src/core/filter/parse.js';
import type { FilterExpected } from '../../src/core/filter/index.js';
import type { OutOfScopeReason } from '../../src/core/scope.js';
import { settingsProblems } from '../../src/core/settings-rules.js';
import { catalogWords, describeSkipReason, problemDetail } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/messages/langs.js';
import {
  SCOPE_KINDS,
  SKIP_KINDS,
  filterErrorText,
  problemText,
  scopeReasonText,
  skipHintText,
  skipReasonText,
} from '../../src/messages/words.js';
import { filterExpectedText } from '../../src/messages/filter-words.js';
import type { Words } from '../../src/messages/words.js';
import { CODE_CATALOGS } from './catalogs.js';
import { ALL_SCOPE, BC_ID, OUTLOOK_ID, SKIP_REASON_SAMPLES as SAMPLES } from '../support/skip-reasons.js';

const words = (lang: Lang): Words => catalogWords(lang, CODE_CATALOGS[lang] as never);

/** Every `expected` code a filter over this alphabet can produce, plus the deep-nesting case. */
function parserExpected(): Map<string, FilterExpected> {
  const alphabet = ['a', '*', "'", '(', ')', '|', '&', '.', '<', '>', '=', '@', ' '];
  const found = new Map<string, FilterExpected>();
  const visit = (text: string): void => {
    const parsed = parseFilterExpression(text);
    if (!parsed.ok) found.set(JSON.stringify(parsed.error.expected), parsed.error.expected);
  };
  let layer = [''];
  for (let length = 1; length <= 4; length++) {
    layer = layer.flatMap((prefix) => alphabet.map((ch) => prefix + ch));
    layer.forEach(visit);
  }
  for (const text of [
    'a....b',
    'a..b..c',
    '..a..',
    '<>a*',
    '('.repeat(65) + 'a',
    "'open",
    '(a b',
    'a'.repeat(2001),
    'a|'.repeat(100) + 'a',
  ])
    visit(text);
  return found;
}

const UNFILLED = /\{\w+|\}/;

describe('codes into words (src/messages)', () => {
  test('the kind lists are the kinds of core', () => {
    expect([...SKIP_KINDS].sort()).toEqual(Object.keys(SAMPLES).sort());
    expect([...SCOPE_KINDS].sort()).toEqual(ALL_SCOPE.map((r) => r.kind).sort());
  });

  test('every skip kind renders from its data, with every placeholder filled, in every language', () => {
    for (const lang of LANGS) {
      for (const kind of SKIP_KINDS) {
        const text = skipReasonText(words(lang), SAMPLES[kind]);
        const hint = skipHintText(words(lang), SAMPLES[kind]);
        expect({ lang, kind, text, hint }).toEqual({
          lang,
          kind,
          text: expect.not.stringMatching(UNFILLED),
          hint: expect.not.stringMatching(UNFILLED),
        });
      }
    }
  });

  test('no skip text or hint shows an id: a BC contact is named by its Name and No. (issue 14)', () => {
    const ids = [BC_ID, OUTLOOK_ID, 'AAMkAGI2THVSAAB='];
    for (const lang of LANGS)
      for (const kind of SKIP_KINDS) {
        const reason = SAMPLES[kind];
        const said = `${skipReasonText(words(lang), reason)} ${skipHintText(words(lang), reason)}`;
        expect({ lang, kind, ids: ids.filter((id) => said.includes(id)) }).toEqual({ lang, kind, ids: [] });
        if ('bcNumber' in reason)
          expect({ lang, kind, said }).toEqual({
            lang,
            kind,
            said: expect.stringMatching(/Grace Clarke.*KT000042/),
          });
      }
  });

  test("the tester's example: an Outlook contact pointing at a BC contact already synced", () => {
    expect(skipReasonText(words('en'), SAMPLES.duplicateOfLinked)).toBe(
      'a second copy of Business Central contact Grace Clarke (No.\u00a0KT000042), which is already synced with another Outlook contact',
    );
    expect(skipReasonText(words('en'), SAMPLES.bcContactDeleted)).toBe(
      'its Business Central contact was deleted',
    );
    // A record stored before reasons carried the No. and Name still says what it has.
    expect(
      skipReasonText(words('en'), { kind: 'duplicateOfLinked', bcId: BC_ID, linkedOutlookId: OUTLOOK_ID }),
    ).toContain(BC_ID);
  });

  test('English is the default message the server sends; other languages use their field names', () => {
    const en = words('en');
    expect(describeSkipReason(SAMPLES.tooLong)).toBe('Surname is 61 characters; Business Central holds 50');
    expect(describeSkipReason({ kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] })).toBe(
      'out of scope: no e-mail',
    );
    expect(skipHintText(en, SAMPLES.bcContactOutOfScope)).toContain(
      'Change the contact, or the sync filter in the settings (City and Name). Or delete the Outlook contact.',
    );
    expect(skipReasonText(words('fi'), SAMPLES.tooLong)).toBe(
      'Sukunimi on 61 merkkiä; Business Centraliin mahtuu 50',
    );
    expect(scopeReasonText(words('fi'), ALL_SCOPE[4] as OutOfScopeReason)).toBe(
      'suodattimen rajaama: Kaupunki ja Nimi',
    );
    expect(skipHintText(words('sv'), SAMPLES.invalidEmail)).toBe(
      'Rätta E-post 2 till en giltig e-postadress.',
    );
  });

  test('plurals follow the language: one and many', () => {
    const one = { ...SAMPLES.tooLong, length: 1, max: 1 };
    expect(skipReasonText(words('en'), one)).toBe('Surname is 1 character; Business Central holds 1');
    expect(skipReasonText(words('fi'), one)).toBe('Sukunimi on 1 merkki; Business Centraliin mahtuu 1');
    expect(skipReasonText(words('fr'), { ...SAMPLES.duplicateEmailInOutlook, outlookIds: ['o1'] })).toBe(
      '1 contact Outlook a l’adresse e-mail a@b.fi',
    );
    expect(skipReasonText(words('it'), SAMPLES.duplicateEmailInBc)).toBe(
      '3 contatti di Business Central condividono l’indirizzo e-mail a@b.fi',
    );
  });

  test('every expected code of the filter parser has words in every language', () => {
    const found = parserExpected();
    const kinds = new Set([...found.values()].map((e) => e.kind));
    expect([...kinds].sort()).toEqual(
      [
        'closeParen',
        'closingQuote',
        'nestingAtMost',
        'lengthAtMost',
        'valuesAtMost',
        'operatorOrClose',
        'operatorOrEnd',
        'value',
        'valueWithoutWildcards',
      ].sort(),
    );
    for (const expected of found.values())
      for (const lang of LANGS)
        expect({ lang, expected, text: filterExpectedText(words(lang), expected) }).toEqual({
          lang,
          expected,
          text: expect.not.stringMatching(UNFILLED),
        });
  });

  test('the whole filter’s work refusal (F30) has words in every language, with both figures', () => {
    const compiled = compileFilter({ name: Array.from({ length: 100 }, (_, i) => `*N${i}x*`).join('|') });
    if (compiled.ok) throw new Error('should be refused');
    const error = compiled.errors[0]!.error;
    expect(error.expected).toEqual({ kind: 'workAtMost', max: 20_000, estimate: 20_790 });
    const texts = Object.fromEntries(LANGS.map((lang) => [lang, filterErrorText(words(lang), error)]));
    for (const lang of LANGS) {
      expect({ lang, text: texts[lang] }).toEqual({ lang, text: expect.not.stringMatching(UNFILLED) });
      // Both figures, grouped as the language groups them (20 000 in French and Finnish).
      const group = (n: number) => new Intl.NumberFormat(lang).format(n);
      expect({ lang, text: texts[lang] }).toEqual({ lang, text: expect.stringContaining(group(20_790)) });
      expect({ lang, text: texts[lang] }).toEqual({ lang, text: expect.stringContaining(group(20_000)) });
      expect(filterExpectedText(words(lang), error.expected)).toContain(group(20_000));
    }
    expect(texts.en).toBe(
      'the whole filter needs up to 20,790 character comparisons per contact (at most 20,000); ' +
        'this field costs the most: use fewer values or fewer ? wildcards here',
    );
    expect(new Set(Object.values(texts)).size).toBe(LANGS.length);
  });

  test('filter errors read naturally, positions counted from 1', () => {
    const error = (text: string) => {
      const parsed = parseFilterExpression(text);
      if (parsed.ok) throw new Error('should fail');
      return parsed.error;
    };
    expect(filterErrorText(words('en'), error('Helsinki|'))).toBe("Position 9: expected a value after '|'");
    expect(filterErrorText(words('fi'), error('a||b'))).toBe("Kohta 3: odotettiin arvoa merkin '|' jälkeen");
    expect(filterErrorText(words('nl'), error("('a' b)"))).toBe(
      "Positie 6: verwacht '|', '&' of ')' om '(' op positie 1 te sluiten",
    );
    expect(filterErrorText(words('fr'), error('a|'))).toBe("Position 2\u00a0: attendu une valeur après '|'");
  });

  test('settings problems say the rule, and travel as data next to a default English message', () => {
    const problems = settingsProblems({
      folderName: ' ',
      filter: { city: 'London|' },
      conflictPolicy: 'bcWins',
      scheduleMinutes: 3,
      massDeleteShare: 0.2,
    });
    expect(problems.map((p) => p.kind)).toEqual(['blank', 'scheduleRange', 'filterSyntax']);
    expect(problemText(words('en'), problems[1]!)).toBe('must be 0 (off) or between 5 and 43,200 minutes');
    expect(problemText(words('fi'), problems[1]!)).toBe(
      'on oltava 0 (ei käytössä) tai 5–43\u00a0200 minuuttia',
    );
    expect(problemDetail(problems[2]!)).toEqual({
      target: 'filter.city',
      message: "Position 7: expected a value after '|'",
      reason: { kind: 'filterSyntax', field: 'city', error: expect.objectContaining({ position: 6 }) },
    });
  });
});
