import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS, SYNC_RULES } from '../../src/core/rules.js';

// One home for the rule ids of design §2 (src/core/rules.ts): the decision table and the `rule <id>`
// comments in src/core name them, docs/sync-rules.md lists them with their text. An id named in one
// place and missing from another (a typo in a comment, a rule renamed in code only, a rule nothing
// applies) fails here; the type checker sees only the decision table's ids.

const DOC = 'docs/sync-rules.md';
const ID = '[a-z]+\\.[a-zA-Z]+';
/** `rule <id>` or `rules <id>, <id> and <id>`, with or without backticks. */
const NAMED = new RegExp(`\\brules? \`?(${ID})\`?((?:(?:,\\s*|\\s+and\\s+|\\s*/\\s*)\`?${ID}\`?)*)`, 'g');
/** A decision-table row: `rule: 'deletions.recreate'`. */
const TABLE_ROW = new RegExp(`\\brule: '(${ID})'`, 'g');

function namedIds(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(NAMED)) {
    ids.push(m[1]!);
    for (const more of (m[2] ?? '').matchAll(new RegExp(ID, 'g'))) ids.push(more[0]);
  }
  for (const m of text.matchAll(TABLE_ROW)) ids.push(m[1]!);
  return ids;
}

function coreFiles(dir = 'src/core'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return coreFiles(path);
    return /\.tsx?$/.test(e.name) && path !== join('src', 'core', 'rules.ts') ? [path] : [];
  });
}

/** Rows of the doc's "Rule ids" table: id → text. */
function docTable(doc: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of doc.matchAll(new RegExp(`^\\| \`(${ID})\` +\\| (.*?) +\\|$`, 'gm')))
    rows.set(m[1]!, m[2]!.replace(/\\\|/g, '|'));
  return rows;
}

const doc = readFileSync(DOC, 'utf8');
const known = new Set<string>(RULE_IDS);
const inCore = new Map<string, string[]>();
for (const file of coreFiles())
  for (const id of namedIds(readFileSync(file, 'utf8'))) inCore.set(id, [...(inCore.get(id) ?? []), file]);

describe('rule ids: src/core/rules.ts, the code in src/core and docs/sync-rules.md name the same rules', () => {
  test('the reader finds every form a rule is named in', () => {
    expect(namedIds("x (rule text.unstorable, F20) rule: 'scope.skip' y")).toEqual([
      'text.unstorable',
      'scope.skip',
    ]);
    expect(
      namedIds('(rules deletions.keepOutlookChanges, deletions.keepOutlookOnly and `match.byEmail`)'),
    ).toEqual(['deletions.keepOutlookChanges', 'deletions.keepOutlookOnly', 'match.byEmail']);
    expect(namedIds('// rule lengths.refuse / scope.guardOutlookChanges: …')).toEqual([
      'lengths.refuse',
      'scope.guardOutlookChanges',
    ]);
    expect(namedIds('the rule sees the copy; rules.ts')).toEqual([]);
  });

  test('docs/sync-rules.md lists every rule once, with the text of SYNC_RULES', () => {
    expect(Object.fromEntries(docTable(doc))).toEqual(SYNC_RULES);
  });

  test('every id docs/sync-rules.md names is a rule', () => {
    expect(namedIds(doc).filter((id) => !known.has(id))).toEqual([]);
  });

  test('every id src/core names (decision table, `rule <id>` comments) is a rule', () => {
    const unknown = [...inCore].filter(([id]) => !known.has(id));
    expect(unknown).toEqual([]);
  });

  test('every rule is named where src/core applies it (folder.rename, runs.lease, … were nowhere)', () => {
    expect(RULE_IDS.filter((id) => !inCore.has(id))).toEqual([]);
  });
});
