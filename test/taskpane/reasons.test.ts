import { describe, expect, test } from '@jest/globals';
import { parseFilterExpression } from '../../src/core/filter/index.js';
import { describeSkipReason } from '../../src/core/describe.js';
import type { SkipReason } from '../../src/core/records.js';
import type { OutOfScopeReason } from '../../src/core/scope.js';
import { skipHint } from '../../src/core/views.js';
import { en } from '../../src/taskpane/i18n/en.js';
import { LANGS, i18nFor } from '../../src/taskpane/i18n/index.js';
import { fi } from '../../src/taskpane/i18n/fi.js';
import { fr } from '../../src/taskpane/i18n/fr.js';
import { it as itMessages } from '../../src/taskpane/i18n/it.js';
import { nl } from '../../src/taskpane/i18n/nl.js';
import { sv } from '../../src/taskpane/i18n/sv.js';
import {
  EXPECTED,
  SCOPE_KINDS,
  SKIP_KINDS,
  expectedMessage,
  expectedText,
  scopeHintKey,
  scopeReasonKey,
  skipHintKey,
  skipHintText,
  skipText,
  skipTextKey,
} from '../../src/taskpane/i18n/reasons.js';

const CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en,
  fi,
  sv,
  nl,
  it: itMessages,
  fr,
};

const ALL_SCOPE: readonly OutOfScopeReason[] = [
  { kind: 'noEmail' },
  { kind: 'noName' },
  { kind: 'companyContact' },
  { kind: 'privacyBlocked' },
  { kind: 'excludedByFilter', fields: ['city', 'name'] },
];

/** One reason of every kind: the mapped type makes a kind without a sample a compile error. */
const SAMPLES: { readonly [K in SkipReason['kind']]: Extract<SkipReason, { kind: K }> } = {
  outOfScope: { kind: 'outOfScope', reasons: ALL_SCOPE },
  bcContactOutOfScope: { kind: 'bcContactOutOfScope', bcId: 'CT000042', reasons: ALL_SCOPE },
  bcContactDeleted: { kind: 'bcContactDeleted', bcId: 'CT000042' },
  duplicateOfLinked: { kind: 'duplicateOfLinked', bcId: 'CT000042', linkedOutlookId: 'AAMk1' },
  wouldLeaveScope: { kind: 'wouldLeaveScope', reasons: ALL_SCOPE },
  missingName: { kind: 'missingName' },
  missingEmail: { kind: 'missingEmail' },
  tooLong: { kind: 'tooLong', field: 'surname', length: 61, max: 50 },
  lineBreak: { kind: 'lineBreak', field: 'addressLine1' },
  invalidEmail: { kind: 'invalidEmail', field: 'email2' },
  duplicateEmailInOutlook: { kind: 'duplicateEmailInOutlook', email: 'a@b.fi', outlookIds: ['o1', 'o2'] },
  duplicateEmailInBc: { kind: 'duplicateEmailInBc', email: 'a@b.fi', bcIds: ['b1', 'b2', 'b3'] },
  writeFailed: { kind: 'writeFailed', message: 'HTTP 500' },
};

/** Every `expected` a filter over this alphabet can produce, plus the deep-nesting case. */
function parserExpectedValues(): Set<string> {
  const alphabet = ['a', '*', "'", '(', ')', '|', '&', '.', '<', '>', '=', '@', ' '];
  const found = new Set<string>();
  const visit = (text: string): void => {
    const parsed = parseFilterExpression(text);
    if (!parsed.ok) found.add(parsed.error.expected);
  };
  let layer = [''];
  for (let length = 1; length <= 4; length++) {
    layer = layer.flatMap((prefix) => alphabet.map((ch) => prefix + ch));
    layer.forEach(visit);
  }
  for (const text of ['a....b', 'a..b..c', '..a..', '<>a*', '('.repeat(65) + 'a', "'open", '(a b'])
    visit(text);
  return found;
}

describe('localized skip reasons and filter errors', () => {
  test('the kind lists are the kinds of core', () => {
    expect([...SKIP_KINDS].sort()).toEqual(Object.keys(SAMPLES).sort());
    expect([...SCOPE_KINDS].sort()).toEqual(ALL_SCOPE.map((r) => r.kind).sort());
  });

  test('every language has a text and a hint for every skip kind and scope reason', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      const keys = [
        ...SKIP_KINDS.flatMap((k) => [skipTextKey(k), skipHintKey(k)]),
        ...SCOPE_KINDS.flatMap((k) => [scopeReasonKey(k), scopeHintKey(k)]),
      ];
      for (const key of keys) {
        expect({ lang, key, text: typeof catalog[key] === 'string' && catalog[key] !== '' }).toEqual({
          lang,
          key,
          text: true,
        });
      }
    }
  });

  test('every skip kind renders from its data, with every placeholder filled, in every language', () => {
    for (const lang of LANGS) {
      const i18n = i18nFor(lang);
      for (const kind of SKIP_KINDS) {
        const reason = SAMPLES[kind];
        const text = skipText(i18n, reason, 'FALLBACK');
        const hint = skipHintText(i18n, reason, 'FALLBACK');
        expect({ lang, kind, text, hint }).toEqual({
          lang,
          kind,
          text: expect.not.stringMatching(/FALLBACK|\{\w+\}/),
          hint: expect.not.stringMatching(/FALLBACK|\{\w+\}/),
        });
      }
    }
  });

  test('English says what the server says (which names filter fields by their API names)', () => {
    const en = i18nFor('en');
    const noFilter = (reason: SkipReason): SkipReason =>
      'reasons' in reason
        ? { ...reason, reasons: reason.reasons.filter((r) => r.kind !== 'excludedByFilter') }
        : reason;
    for (const kind of SKIP_KINDS) {
      const reason = noFilter(SAMPLES[kind]);
      expect({ kind, text: skipText(en, reason, '') }).toEqual({ kind, text: describeSkipReason(reason) });
      expect({ kind, hint: skipHintText(en, reason, '') }).toEqual({ kind, hint: skipHint(reason) });
    }
  });

  test('English matches the server texts; other languages use their field names', () => {
    const en = i18nFor('en');
    expect(skipText(en, SAMPLES.tooLong, '')).toBe('Surname is 61 characters; Business Central holds 50');
    expect(skipHintText(en, SAMPLES.bcContactOutOfScope, '')).toContain(
      'Change the contact, or the sync filter in the settings (City, Name). Or delete the Outlook contact.',
    );
    const fi = i18nFor('fi');
    expect(skipText(fi, SAMPLES.tooLong, '')).toBe('Sukunimi on 61 merkkiä; Business Centraliin mahtuu 50');
    expect(skipText(fi, SAMPLES.outOfScope, '')).toContain('suodattimen rajaama: Kaupunki, Nimi');
    expect(skipHintText(i18nFor('sv'), SAMPLES.invalidEmail, '')).toBe(
      'Rätta E-post 2 till en giltig e-postadress.',
    );
  });

  test('an unknown kind falls back to the server text', () => {
    const fi = i18nFor('fi');
    const future = { kind: 'somethingNew' } as unknown as SkipReason;
    expect(skipText(fi, future, 'server text')).toBe('server text');
    expect(skipHintText(fi, undefined, 'server hint')).toBe('server hint');
  });

  test('every expected value of the filter parser has a text in every language', () => {
    const values = parserExpectedValues();
    const used = new Set<string>();
    for (const expected of values) {
      const message = expectedMessage(expected);
      expect({ expected, known: message !== null }).toEqual({ expected, known: true });
      if (message) used.add(message.key);
      for (const lang of LANGS) {
        const text = expectedText(i18nFor(lang), expected);
        expect({ lang, expected, text }).toEqual({
          lang,
          expected,
          text: expect.not.stringMatching(/\{\w+\}/),
        });
        if (lang !== 'en') expect(CATALOGS[lang]?.[message?.key ?? '']).toBeTruthy();
      }
    }
    // Every pattern the pane knows is one the parser produces.
    expect([...used].sort()).toEqual(EXPECTED.map((e) => e.key).sort());
  });

  test('expected values read naturally', () => {
    expect(expectedText(i18nFor('en'), "a value after '|'")).toBe("a value after '|'");
    expect(expectedText(i18nFor('fi'), "a value after '|'")).toBe("arvoa merkin '|' jälkeen");
    expect(expectedText(i18nFor('nl'), "'|', '&' or ')' to close '(' at position 0")).toBe(
      "'|', '&' of ')' om '(' op positie 1 te sluiten",
    );
    expect(expectedText(i18nFor('fr'), 'something new')).toBe('something new');
  });
});
