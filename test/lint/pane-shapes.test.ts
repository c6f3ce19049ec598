import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

/*
 * Issue 13 §1: the pane's types of what the facade sends (src/taskpane/api/types.ts) have one home
 * each — core (views.ts, records.ts, model.ts), src/types or the route schemas — and are imported
 * or derived (Static<>, Pick<>) from it, never written out again: a field renamed on the server then
 * fails to compile in the pane. The one interface of its own is PaneApi, the pane's port.
 */
const FILE = 'src/taskpane/api/types.ts';
const OWN = new Set(['PaneApi']);

const RULES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'an interface of its own', pattern: /^\s*(?:export\s+)?interface\s+(\w+)/ },
  { what: 'an object type written out', pattern: /^\s*(?:export\s+)?type\s+\w+(?:<[^=]*>)?\s*=\s*\{/ },
  { what: 'fields written out beside a type', pattern: /[&|]\s*\{\s*(?:readonly\s+)?['\w@.]+\??\s*:/ },
];

/** Each hit as `file:line: what`. */
function hits(path: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) =>
    RULES.filter((r) => {
      const m = r.pattern.exec(line);
      return m !== null && !(m[1] !== undefined && OWN.has(m[1]));
    }).map((r) => `${path}:${i + 1}: ${r.what}`),
  );
}

describe("the pane's wire types", () => {
  test('the rules catch what they name', () => {
    expect(hits('x.ts', 'export interface Company {')).toEqual(['x.ts:1: an interface of its own']);
    expect(hits('x.ts', 'type Me = { readonly userId: string };')).toEqual([
      'x.ts:1: an object type written out',
    ]);
    expect(hits('x.ts', "export type R = BcContact & { readonly '@odata.etag'?: string };")).toEqual([
      'x.ts:1: fields written out beside a type',
    ]);
    expect(hits('x.ts', 'export interface PaneApi {')).toEqual([]);
    expect(hits('x.ts', "export type Company = Readonly<Pick<ListedCompany, 'id' | 'name'>>;")).toEqual([]);
  });

  test('are imported or derived from the home of each shape, never re-declared', () => {
    expect(hits(FILE, readFileSync(FILE, 'utf8'))).toEqual([]);
  });
});
