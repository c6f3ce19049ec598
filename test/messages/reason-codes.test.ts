import { readFileSync } from 'node:fs';
import { sourceFiles } from '../support/source-files.js';
import { describe, expect, test } from '@jest/globals';
import type { DeletionCause } from '../../src/core/merge.js';
import { conflictView } from '../../src/core/views.js';
import { catalogWords, conflictJson } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import type { ResolveFailure } from '../../src/core/resolve.js';
import {
  DELETION_KINDS,
  RESOLVE_FAILURE_CODES,
  SCOPE_KINDS,
  SKIP_KINDS,
  deletionCauseText,
  resolveFailureText,
} from '../../src/messages/words.js';
import { World, person } from '../support/world.js';
import { CODE_CATALOGS } from './catalogs.js';

// Reasons travel as data (codes with parameters); only the edge makes words (DEVELOPERS.md). The
// table: every reason code has its texts in every language, and no string core builds holds the
// words of a reason. The issue's example: a contact deleted in BC is a conflict whose reason is a code.

/** Every catalog key a reason code is worded by: skip reasons and hints, scope reasons and hints, deletion causes. */
const REASON_KEYS: readonly string[] = [
  ...SKIP_KINDS.flatMap((k) => [`skip_${k}`, `skipHint_${k}`]),
  ...SCOPE_KINDS.flatMap((k) => [`reason_${k}`, `scopeHint_${k}`]),
  ...DELETION_KINDS.map((k) => `deletion_${k}`),
  ...RESOLVE_FAILURE_CODES.map((k) => `resolve_${k}`),
];

/** One refused or failed resolve of every code. */
const RESOLVE_SAMPLES: readonly ResolveFailure[] = [
  { kind: 'conflictNotFound', bcId: 'b1' },
  { kind: 'alreadyResolved', bcId: 'b1', by: 'resolve' },
  { kind: 'contactMissing', side: 'outlook', id: 'o1' },
  { kind: 'invalidChoice', problem: 'wholeContactOnly' },
  { kind: 'invalidChoice', problem: 'notInConflict', fields: ['city'] },
  { kind: 'invalidChoice', problem: 'notSettled', fields: ['jobTitle', 'city'] },
  { kind: 'invalidChoice', problem: 'nothingSettled' },
  { kind: 'invalidForBc', reasons: [{ kind: 'tooLong', field: 'surname', length: 61, max: 50 }] },
  { kind: 'stale', side: 'bc' },
  { kind: 'changedSinceShown', fields: ['jobTitle', 'email'] },
  { kind: 'writeFailed', side: 'bc', error: { kind: 'unavailable', message: 'HTTP 503' } },
];

/** What may stand before a `/` that opens a regular expression literal (else it divides). */
const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '']);

/**
 * The contents of every string and template literal of a TypeScript file (comments and regular
 * expression literals left out). A template's placeholders split it, and the code inside them is
 * read too (nested templates and strings included); an escape counts as a space.
 */
function stringLiterals(source: string): string[] {
  return literalsOf(source).pieces;
}

/** What a template's placeholder reads as in `templates`: one word of a sentence, but not an English one. */
const SLOT = '\u27e8\u27e9';

/**
 * `pieces`: the contents of every string and template literal (see `stringLiterals`); `templates`:
 * every template literal whole, each placeholder read as `SLOT`, so a sentence split by
 * placeholders ("Unexpected '${t}' at position ${p}, expected ${w}") is still one sentence.
 */
function literalsOf(source: string): { pieces: string[]; templates: string[] } {
  const out: string[] = [];
  const templates: string[] = [];
  let i = 0;
  const readString = (quote: string): void => {
    let text = '';
    let whole = '';
    i++;
    while (i < source.length && source[i] !== quote) {
      if (source[i] === '\\') {
        i += 2;
        text += ' ';
        whole += ' ';
      } else if (quote === '`' && source[i] === '$' && source[i + 1] === '{') {
        out.push(text);
        text = '';
        whole += SLOT;
        i += 2;
        readCode(true);
        i++;
      } else {
        whole += source[i];
        text += source[i++];
      }
    }
    i++;
    out.push(text);
    if (quote === '`') templates.push(whole);
  };
  const readCode = (inPlaceholder: boolean): void => {
    let depth = 0;
    let prev = '';
    while (i < source.length) {
      const c = source[i]!;
      if (inPlaceholder && c === '}' && depth === 0) return;
      if (c === '/' && source[i + 1] === '/') {
        const end = source.indexOf('\n', i);
        i = end === -1 ? source.length : end;
      } else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) + 2;
      else if (c === "'" || c === '"' || c === '`') {
        readString(c);
        prev = 'x';
      } else if (c === '/' && REGEX_BEFORE.has(prev)) {
        let inClass = false;
        i++;
        while (i < source.length && (source[i] !== '/' || inClass)) {
          if (source[i] === '\\') i++;
          else if (source[i] === '[') inClass = true;
          else if (source[i] === ']') inClass = false;
          i++;
        }
        i++;
        prev = 'x';
      } else if (/[A-Za-z0-9_$]/.test(c)) {
        let word = '';
        while (i < source.length && /[A-Za-z0-9_$]/.test(source[i]!)) word += source[i++];
        // After these keywords a `/` opens a regular expression.
        prev = ['return', 'typeof', 'case', 'in', 'of'].includes(word) ? '' : 'x';
      } else {
        if (c === '{') depth++;
        else if (c === '}') depth--;
        if (!/\s/.test(c)) prev = c === ')' || c === ']' ? 'x' : c;
        i++;
      }
    }
  };
  readCode(false);
  return { pieces: out, templates };
}

/** The literal pieces of an ICU message of two words or more: what core would have to write to word it. */
function phrases(message: string): string[] {
  let text = message;
  // Placeholders and plural/select blocks (innermost first) are not words core would copy.
  for (let prev = ''; prev !== text;) [prev, text] = [text, text.replace(/\{[^{}]*\}/g, '|')];
  return text
    .split(/[|,;:()“”.]/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.includes(' ') && p.length >= 6);
}

/** Three words or more in a row: a sentence someone would have to translate. */
const SENTENCE = /[A-Za-z]{2,}(?: +[A-Za-z'’]{2,}){2,}/;

/**
 * The same across a template's placeholders: three words or more where a placeholder counts as a
 * word, two of them English (`at position ${p}`, `Expected ${w} at position`); `${a} ${b} ${c}` is not.
 */
const SLOTTED_SENTENCE = new RegExp(
  `(?:[A-Za-z]{2,}|${SLOT})(?:[\\s'",:;.()]+(?:[A-Za-z'’]{2,}|${SLOT})){2,}`,
  'g',
);

/** The sentences of one TypeScript source: in its string literals and across its templates' placeholders. */
function englishIn(source: string): string[] {
  const { pieces, templates } = literalsOf(source);
  const slotted = templates.flatMap((t) =>
    [...t.matchAll(SLOTTED_SENTENCE)]
      .map((m) => m[0])
      .filter((m) => (m.match(/[A-Za-z]{2,}/g) ?? []).length >= 2),
  );
  return [...pieces.filter((p) => SENTENCE.test(p)), ...slotted];
}

describe('reasons as data (issue 8)', () => {
  test('every reason code has its texts in every language, every placeholder filled', () => {
    const en = CODE_CATALOGS.en as Record<string, string>;
    for (const lang of LANGS) {
      const catalog = CODE_CATALOGS[lang] as Record<string, string>;
      for (const key of REASON_KEYS)
        expect({ lang, key, text: catalog[key]?.trim() ?? '' }).toEqual({
          lang,
          key,
          text: expect.stringMatching(/\S/),
        });
      const causes: DeletionCause[] = [
        { kind: 'bcDeleted' },
        {
          kind: 'outOfScope',
          reasons: [{ kind: 'noEmail' }, { kind: 'excludedByFilter', fields: ['city'] }],
        },
      ];
      for (const failure of RESOLVE_SAMPLES) {
        const text = resolveFailureText(catalogWords(lang, catalog as never), failure);
        expect({ lang, failure, text }).toEqual({ lang, failure, text: expect.not.stringMatching(/[{}]/) });
      }
      for (const cause of causes) {
        const text = deletionCauseText(catalogWords(lang, catalog as never), cause);
        expect({ lang, cause, text }).toEqual({ lang, cause, text: expect.not.stringMatching(/[{}]/) });
        if (lang !== 'en') expect(text).not.toBe(deletionCauseText(catalogWords('en', en as never), cause));
      }
    }
  });

  test('the resolve samples cover every resolve code', () => {
    const codes = RESOLVE_SAMPLES.map((f) => (f.kind === 'invalidChoice' ? f.problem : f.kind));
    expect(codes.sort()).toEqual([...RESOLVE_FAILURE_CODES].sort());
  });

  test('no string in src/core holds the words of a reason (core returns codes, the edge words them)', () => {
    const en = CODE_CATALOGS.en as Record<string, string>;
    const wanted = REASON_KEYS.flatMap((key) => phrases(en[key] ?? '').map((phrase) => ({ key, phrase })));
    expect(wanted.length).toBeGreaterThan(REASON_KEYS.length);
    // rules.ts holds the design's rule texts (named in the rule tests), never sent as a reason.
    const files = sourceFiles('src/core', /\.ts$/).filter((f) => !f.endsWith('rules.ts'));
    const found = files.flatMap((file) =>
      stringLiterals(readFileSync(file, 'utf8')).flatMap((literal) =>
        wanted.filter((w) => literal.toLowerCase().includes(w.phrase)).map((w) => ({ file, literal, ...w })),
      ),
    );
    expect(found).toEqual([]);
  });

  test('no string in src/core is an English sentence: run errors, skip and refusal reasons, filter errors, store refusals and bug-only errors are codes the edge words', () => {
    // No exceptions: the filter parser's error lines, the store refusal texts and the bug-only
    // errors were the last English in core (issue 8); they are codes now (FilterSyntaxError,
    // StateRefusal, CoreBug), worded by src/messages.
    const files = sourceFiles('src/core', /\.ts$/).filter((f) => !f.endsWith('rules.ts'));
    const sentences = files.flatMap((file) =>
      englishIn(readFileSync(file, 'utf8')).map((literal) => ({ file: file.replaceAll('\\', '/'), literal })),
    );
    expect(sentences).toEqual([]);
  });

  test('no plain Error is built in src/core: every throw is a typed error carrying a code', () => {
    const files = sourceFiles('src/core', /\.ts$/);
    const plain = files.filter((file) => /\bnew Error\(/.test(readFileSync(file, 'utf8')));
    expect(plain).toEqual([]);
  });

  test('the scan finds the English each of the three places held (it can fail on each)', () => {
    // The filter parser's lines, the store's refusal texts and a bug-only error, as they were.
    const before = [
      "message: `Unexpected '${token}' at position ${this.pos}, expected ${words}`,",
      'return this.fail(kind, expected, `Expected ${words} at position ${this.pos}`);',
      "message: `Wildcard '${wildcard}' at position ${scanned.wildcardAt} is not allowed ${where}`,",
      "new StateStoreRefusal('outlookIdTaken', `outlookId ${outlookId} is already linked to another bcId in this scope`);",
      'new StateStoreRefusal(kind, `not an ISO 8601 UTC timestamp: ${value}`);',
      "throw new StateStoreRefusal('duplicateInBatch', `duplicate ${field} ${k} in one batch`);",
      "throw new Error(`decision table bug: no row for ${v.linked ? 'linked' : 'unlinked'} ${v.bc}/${v.outlook}`);",
      "throw new PlanInputError('A full sync needs a full read of both sides (snapshot views).');",
    ];
    for (const line of before)
      expect({ line, found: englishIn(line).length > 0 }).toEqual({ line, found: true });
    // Code built from placeholders alone, OData clauses and codes are not sentences.
    const fine = [
      'const odata = `${property} ${op} ${quote(value)}`;',
      'const call = `${fn}(${property},${quote(text)})`;',
      "throw new CoreBug('noDecisionRow', { linked: String(v.linked), bc: v.bc, outlook: v.outlook });",
      'super(`stale ${side}`);',
    ];
    for (const line of fine) expect({ line, found: englishIn(line) }).toEqual({ line, found: [] });
  });

  test('the scan finds an English sentence when there is one (it can fail)', () => {
    const literals = stringLiterals(
      "const a = `Run ${id} failed: ${x.map((y) => `${y}`).join(', ')} for the user`; const r = /it's/g; // a comment here\nthrow new Error('The run was interrupted');",
    );
    expect(literals).toContain('The run was interrupted');
    expect(literals).toContain(' for the user');
    expect(literals).not.toContain('a comment here');
  });

  test('a contact deleted in BC while Outlook changed it is a conflict whose reason is a code, worded at the edge', async () => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    const gone = w.bc.seed(person(1));
    const left = w.bc.seed(person(2));
    await w.sync('full');
    for (const c of [gone, left]) w.mailbox.userEdit((await w.outlookByBcId(c.id))!.id, { jobTitle: 'Mine' });
    w.bc.remove(gone.id);
    w.bc.edit(left.id, { email: '', privacyBlocked: true });
    const { plan } = await w.sync('full');
    const reasons = new Map(
      plan!.conflicts.map((c) => [c.bcId, c.record.kind === 'deletedInBc' ? c.record.reason : null]),
    );
    expect(reasons.get(gone.id)).toEqual({ kind: 'bcDeleted' });
    expect(reasons.get(left.id)).toEqual({
      kind: 'outOfScope',
      reasons: [{ kind: 'noEmail' }, { kind: 'privacyBlocked' }],
    });
    const http = plan!.conflicts.map((c) => conflictJson(conflictView(c)));
    expect(http.map((c) => c.reasonText).sort()).toEqual([
      'Deleted in Business Central, changed in Outlook',
      'Out of scope in Business Central (no e-mail and privacy blocked), changed in Outlook',
    ]);
    const fr = catalogWords('fr', CODE_CATALOGS.fr as never);
    expect(deletionCauseText(fr, reasons.get(gone.id)!)).toBe(
      'Supprimé dans Business Central, modifié dans Outlook',
    );
  });
});
