/**
 * panepolish item 1: a Hebrew or Arabic contact or folder name put in an English or French sentence
 * reordered the sentence around it ("דוד כהן: 2 fields…" shown as "2 :דוד כהן fields…"). The kind:
 * every text value of every message, in every language, on the server's words (catalogWords) and
 * the pane's (i18nOf, messages parsed as the build ships them), and every item of a list, goes in
 * isolated (FSI … PDI) when it holds right-to-left text or direction controls; other text as it was.
 */
import { describe, expect, test } from '@jest/globals';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/messages/langs.js';
import type { MessageValues, Words } from '../../src/messages/words.js';
import { i18nOf } from '../../src/taskpane/i18n/i18n-of.js';
import { CODE_CATALOGS, PANE_CATALOGS } from './catalogs.js';

const FSI = '\u2068';
const PDI = '\u2069';
/** A right-to-left value that names its argument, so each argument is found in the text. */
const rtl = (arg: string): string => `דוד ${arg} כהן`;

interface Arguments {
  /** `{name}`: text goes in. */
  readonly texts: Set<string>;
  /** `{n, plural, …}`, `{n, number}`. */
  readonly numbers: Set<string>;
  readonly dates: Set<string>;
  /** `{side, select, …}` with its option keys. */
  readonly selects: Map<string, string[]>;
}

function argumentsOf(elements: readonly MessageFormatElement[], into: Arguments): Arguments {
  for (const e of elements) {
    if (e.type === TYPE.argument) into.texts.add(e.value);
    else if (e.type === TYPE.number || e.type === TYPE.plural) into.numbers.add(e.value);
    else if (e.type === TYPE.date || e.type === TYPE.time) into.dates.add(e.value);
    if (e.type === TYPE.select) into.selects.set(e.value, Object.keys(e.options));
    if (e.type === TYPE.select || e.type === TYPE.plural)
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

/** Every choice of the selects' options (each select's keys, all combinations). */
function choices(selects: Map<string, string[]>): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const [name, keys] of selects) out = out.flatMap((c) => keys.map((k) => ({ ...c, [name]: k })));
  return out;
}

type Host = (lang: Lang, catalog: Readonly<Record<string, string>>) => Words;
const HOSTS: Record<string, Host> = {
  server: (lang, catalog) => catalogWords(lang, catalog as never),
  pane: (lang, catalog) =>
    i18nOf(lang, Object.fromEntries(Object.entries(catalog).map(([k, m]) => [k, parse(m)])) as never).i18n,
};

/** What is wrong with `key`'s texts in `words`: an argument shown unisolated, or never shown. */
function unisolated(words: Words, key: string, message: string): string[] {
  const args = argumentsOf(parse(message), {
    texts: new Set(),
    numbers: new Set(),
    dates: new Set(),
    selects: new Map(),
  });
  if (args.texts.size === 0) return [];
  const shown = new Set<string>();
  const wrong: string[] = [];
  for (const choice of choices(args.selects)) {
    const values: MessageValues = {
      ...Object.fromEntries([...args.numbers].map((n) => [n, 2])),
      ...Object.fromEntries([...args.dates].map((d) => [d, 0])),
      ...Object.fromEntries([...args.texts].map((a) => [a, rtl(a)])),
      ...choice,
    };
    const text = words.text(key as never, values);
    for (const a of args.texts) {
      const all = text.split(rtl(a)).length - 1;
      const isolatedOnes = text.split(`${FSI}${rtl(a)}${PDI}`).length - 1;
      if (all > 0) shown.add(a);
      if (all !== isolatedOnes) wrong.push(`${key} {${a}}: ${text}`);
    }
  }
  // A select argument is a code, never text; every other argument shows in some branch.
  for (const a of args.texts)
    if (!shown.has(a) && !args.selects.has(a)) wrong.push(`${key} {${a}} not shown`);
  return wrong;
}

describe.each(Object.entries(HOSTS))('%s words: every text value of every message isolated', (_h, host) => {
  test.each(LANGS.flatMap((lang) => [[lang, 'codes'] as const, [lang, 'pane'] as const]))(
    '%s, %s catalog',
    (lang, which) => {
      const catalog = (which === 'codes' ? CODE_CATALOGS : PANE_CATALOGS)[lang];
      // The pane catalog's messages use the code words too (one catalog in the pane).
      const words = host(lang, { ...CODE_CATALOGS[lang], ...catalog });
      const wrong = Object.entries(catalog).flatMap(([key, message]) => unisolated(words, key, message));
      expect(wrong).toEqual([]);
    },
  );

  test('the table covers messages that take text, in every language', () => {
    const withText = Object.values(PANE_CATALOGS.en).filter(
      (m) =>
        argumentsOf(parse(m), {
          texts: new Set(),
          numbers: new Set(),
          dates: new Set(),
          selects: new Map(),
        }).texts.size > 0,
    );
    expect(withText.length).toBeGreaterThan(50);
  });
});

describe.each(Object.entries(HOSTS))('%s words: the examples', (_h, host) => {
  const en = host('en', { ...CODE_CATALOGS.en, ...PANE_CATALOGS.en });
  const fr = host('fr', { ...CODE_CATALOGS.fr, ...PANE_CATALOGS.fr });

  test('a Hebrew name before a reason that starts with a digit keeps its place', () => {
    expect(en.text('nameAndReason' as never, { name: 'דוד כהן', reason: '2 fields differ' })).toBe(
      `${FSI}דוד כהן${PDI}: 2 fields differ`,
    );
  });

  test('an Arabic folder name in a French sentence', () => {
    expect(
      fr.text('historyLine' as never, { when: '07/12', trigger: 'Planifiée', folder: 'جهات الاتصال' }),
    ).toContain(`${FSI}جهات الاتصال${PDI}`);
  });

  test('an override in a value (U+202E) ends with the value', () => {
    expect(en.text('nameAndReason' as never, { name: 'Eve\u202Eevil', reason: 'x' })).toBe(
      `${FSI}Eve\u202Eevil${PDI}: x`,
    );
  });

  test('left-to-right text goes in as it is (codes, Latin names, numbers)', () => {
    expect(en.text('nameAndReason' as never, { name: 'Anna Müller', reason: '2 fields differ' })).toBe(
      'Anna Müller: 2 fields differ',
    );
  });

  test("a right-to-left value's closing period is not doubled, and stays in its isolate", () => {
    const said = en.text('senderOutOfScope' as never, { name: 'Anna', reasons: 'שלום בע״מ.' });
    expect(said).toBe(`Anna is in Business Central but not synced: ${FSI}שלום בע״מ.${PDI}`);
  });

  test('each item of a list', () => {
    expect(en.list(['Oslo', 'תל אביב', 'القاهرة'])).toBe(
      `Oslo, ${FSI}תל אביב${PDI}, and ${FSI}القاهرة${PDI}`,
    );
  });
});
