/**
 * Issue 14 F16: a count followed by a noun goes through ICU plural rules ("1 réglés", "1 risolti",
 * "1 avgjorda" were shown). The rule, over every message of both catalogs in six languages: a number
 * outside a plural may stand alone ("Skipped contacts (5)", "3 of 10") but not before a word or a
 * chosen noun; `#` inside the plural branch is the count. Then every message with a count is
 * formatted in every language for 0, 1, 2 and 5, and the named examples are read back.
 */
import { describe, expect, test } from '@jest/globals';
import { TYPE, parse } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { LANGS } from '../../src/messages/langs.js';
import { MESSAGES } from './catalogs.js';

/**
 * Words after a count that never agree with it: prepositions and conjunctions ("3 of 10", "5 and 60")
 * and the invariant "out of scope" phrase, per language.
 */
const CONNECTIVES = new Set([
  ...['of', 'and', 'out'],
  ...['sur', 'et', 'hors'],
  ...['di', 'e', 'su', 'fuori'],
  ...['van', 'en', 'buiten'],
  ...['av', 'och', 'utanför'],
  ...['rajauksen'],
  // Unit symbols (SI: ms, s; min) are written the same after any count in all six languages: no
  // plural form to choose ("41 ms", "5 min 12 s"; core/duration-parts.ts).
  ...['ms', 's', 'min'],
]);

/** Numbers written before a word outside any plural: `{n, number} created`, `{max, number} {list, select…}`. */
function bareCounts(elements: readonly MessageFormatElement[]): string[] {
  const found: string[] = [];
  elements.forEach((e, i) => {
    if (e.type === TYPE.number && e.style === null) {
      // A space alone between the count and a chosen noun (`{max, number} {list, select…}`) is skipped.
      const after = elements[i + 1];
      const next = after?.type === TYPE.literal && after.value.trim() === '' ? elements[i + 2] : after;
      const beforeWord =
        (next?.type === TYPE.literal &&
          !CONNECTIVES.has(firstWord(next.value)) &&
          /^\s*\p{L}/u.test(next.value)) ||
        next?.type === TYPE.select;
      if (beforeWord) found.push(e.value);
    }
    // Inside a plural the branch is chosen by its own count: a second count there is checked too.
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) found.push(...bareCounts(option.value));
    if (e.type === TYPE.tag) found.push(...bareCounts(e.children));
  });
  return found;
}

/** The arguments of a message by how they are used: counts (number or plural) and the rest. */
function argumentsOf(
  elements: readonly MessageFormatElement[],
  into: { counts: Set<string>; selects: Map<string, string>; texts: Set<string> },
) {
  for (const e of elements) {
    if (e.type === TYPE.number || e.type === TYPE.plural) into.counts.add(e.value);
    else if (e.type === TYPE.select) into.selects.set(e.value, Object.keys(e.options)[0] ?? 'other');
    else if (e.type === TYPE.argument || e.type === TYPE.date || e.type === TYPE.time)
      into.texts.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

/**
 * Counts that are states, said in words: the reading phase's `done` is the sides read so far (0, 1
 * or 2), each state named ("Business Central read, Outlook being read"), never a number (panepolish).
 */
const COUNTS_IN_WORDS = new Set(['progressCount_reading']);

const ENTRIES = LANGS.flatMap((lang) =>
  Object.entries(MESSAGES[lang] as Readonly<Record<string, string>>).map(([key, text]) => ({
    lang,
    key,
    text,
  })),
);

describe('counts and their nouns (ICU plurals)', () => {
  test('no count stands before a word outside a plural, in any message of any language', () => {
    const bare = ENTRIES.flatMap(({ lang, key, text }) =>
      bareCounts(parse(text)).map((arg) => `${lang} ${key}: {${arg}}`),
    );
    expect(bare).toEqual([]);
  });

  const counted = ENTRIES.filter(({ text }) => argumentsOf(parse(text), newArgs()).counts.size > 0);
  test('there are messages with counts in every language (the table below is not empty)', () => {
    for (const lang of LANGS) expect(counted.filter((e) => e.lang === lang).length).toBeGreaterThan(30);
  });

  test.each(counted.flatMap((e) => [0, 1, 2, 5].map((n) => ({ ...e, n }))))(
    '$lang $key with $n formats',
    ({ lang, key, text, n }) => {
      const args = argumentsOf(parse(text), newArgs());
      const values: Record<string, unknown> = {};
      for (const c of args.counts) values[c] = n;
      for (const [s, option] of args.selects) if (!args.counts.has(s)) values[s] = option;
      for (const t of args.texts) if (!args.counts.has(t) && !args.selects.has(t)) values[t] = 'X';
      const out = String(new IntlMessageFormat(text, lang).format(values));
      expect(out).not.toMatch(/[{}#]/);
      // 5 is "other" in all six languages: the count is written ("one" may say "the only contact").
      if (n === 5 && !COUNTS_IN_WORDS.has(key)) expect(out).toContain('5');
    },
  );

  // "Keep Outlook for all 1 listed" (fi "kaikille 1 luetellulle", sv "alla 1", nl "alle 1") was shown
  // for one conflict: a count of one is never "all" of it, in any message of any language.
  test('with every count 1, no message says "all"', () => {
    const ALL: Readonly<Record<(typeof LANGS)[number], RegExp>> = {
      en: /\ball\b/i,
      fi: /\bkaik/i,
      sv: /\balla\b/i,
      nl: /\balle\b/i,
      it: /\btutt[ie]\b/i,
      fr: /\b(?:tous|toutes) les\b/i,
    };
    const saysAll = counted.flatMap(({ lang, key, text }) => {
      const args = argumentsOf(parse(text), newArgs());
      const values: Record<string, unknown> = {};
      for (const c of args.counts) values[c] = 1;
      for (const [s, option] of args.selects) if (!args.counts.has(s)) values[s] = option;
      for (const t of args.texts) if (!args.counts.has(t) && !args.selects.has(t)) values[t] = 'X';
      const out = String(new IntlMessageFormat(text, lang).format(values));
      return ALL[lang].test(out) ? [`${lang} ${key}: ${out}`] : [];
    });
    expect(saysAll).toEqual([]);
  });

  test.each(LANGS)('%s: the bulk choice for one conflict does not read as for all', (lang) => {
    for (const key of ['bulkKeepBc', 'bulkKeepOutlook'] as const) {
      const one = String(new IntlMessageFormat(MESSAGES[lang][key], lang).format({ n: 1 }));
      const two = String(new IntlMessageFormat(MESSAGES[lang][key], lang).format({ n: 2 }));
      expect(one.replace('1', '#')).not.toBe(two.replace('2', '#'));
    }
  });

  test.each([
    ['fr', '1 réglé)', '1 réglés'],
    ['it', '1 risolto)', '1 risolti'],
    ['sv', '1 avgjord)', '1 avgjorda'],
    ['en', '1 open', '1 opens'],
  ] as const)('F16 example: %s conflicts header with one settled reads "%s"', (lang, right, wrong) => {
    const text = new IntlMessageFormat(MESSAGES[lang].conflictsSection, lang).format({ open: 1, settled: 1 });
    expect(String(text)).toContain(right);
    expect(String(text)).not.toContain(wrong);
  });
});

function firstWord(text: string): string {
  return /^\s*(\p{L}+)/u.exec(text)?.[1] ?? '';
}

function newArgs() {
  return { counts: new Set<string>(), selects: new Map<string, string>(), texts: new Set<string>() };
}
