import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

/**
 * Errors travel as data (issue 13 §2): no code in src decides anything by an error's words — a
 * message, a detail or a stack read with includes/startsWith/regex, compared to a literal or
 * patched by replace. Decide by a code, a field, a class or a name instead.
 */
const TEXT = String.raw`(?:\.(?:message|detail|stack)|String\(\s*(?:e|err|error|cause|reason)\s*\))`;
const KINDS: readonly (readonly [string, RegExp])[] = [
  [
    'a string method over the text',
    new RegExp(
      String.raw`${TEXT}\s*\)?\s*\??\.\s*(?:includes|startsWith|endsWith|match|matchAll|indexOf|lastIndexOf|search|replace|replaceAll|split)\s*\(`,
    ),
  ],
  ['a regex over the text', new RegExp(String.raw`\.(?:test|exec)\(\s*(?:String\()?[\w$.?]*${TEXT}`)],
  ['the text compared to a literal', new RegExp(String.raw`${TEXT}\s*[!=]==?\s*['"\x60]`)],
  ['a literal compared to the text', new RegExp(String.raw`['"\x60]\s*[!=]==?\s*[\w$.?]*${TEXT}\b`)],
];

/** Each place in `source` (white space folded) that matches a kind; `typeof x.message` is a type check. */
export function textMatchesIn(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?(\??\.) ?/g, '$1');
  const found: string[] = [];
  for (const [kind, re] of KINDS) {
    const all = new RegExp(re.source, 'g');
    for (const m of code.matchAll(all)) {
      const before = code.slice(Math.max(0, m.index - 40), m.index);
      if (/typeof\s+[\w$.?]*$/.test(before)) continue;
      found.push(`${kind}: …${code.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10)}…`);
    }
  }
  return found;
}

const SRC = join(import.meta.dirname, '../../src');
const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => f.replaceAll('\\', '/'))
  .sort();

describe('errors travel as data: nothing in src matches an error by its words', () => {
  test('the scan reads every source file', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  test('no source file decides by the text of an error', () => {
    const found = files.flatMap((f) =>
      textMatchesIn(readFileSync(join(SRC, f), 'utf8')).map((m) => `${f}: ${m}`),
    );
    expect(found).toStrictEqual([]);
  });

  // The places this scan was written for, as they stood (it can fail on each).
  test.each([
    ['pg unique violation by message', "e.code === '23505' && String(e.message).includes(constraint)"],
    ['pg detail parsed', "const m = /=\\((.*)\\) already exists/.exec(err.detail ?? '');"],
    ['our own detail by its first character', 'first && first.message.startsWith("\'") ? a : b'],
    ['a fetch failure by its words', 'e instanceof TypeError && /fetch|network/i.test(e.message)'],
    ['a chunk failure by its words', 'return /^Loading (CSS )?chunk \\S+ failed/.test(e.message);'],
    ['a message compared', "if (err.message === 'aborted') return;"],
    ['a message patched', "const m = error.message.replace(/at position \\d+/, '');"],
    ['a message split over lines', 'return /timeout/.test(\n  err\n    .message,\n);'],
  ])('it finds %s', (_name, line) => {
    expect(textMatchesIn(line)).toHaveLength(1);
  });

  test.each([
    ['a type check', "const message = typeof err?.message === 'string' ? err.message : 'HTTP 500';"],
    ['a code compared', "if (e.code === '23505' && e.constraint === constraint) return true;"],
    ['a message built', 'throw new Error(`lease ${key} is changing hands too fast`);'],
    ['a comment', '// e.message.includes("x") would be wrong'],
  ])('it passes %s', (_name, line) => {
    expect(textMatchesIn(line)).toStrictEqual([]);
  });
});
