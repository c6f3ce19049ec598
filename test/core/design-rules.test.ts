import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RuleId } from '../../src/core/rules.js';

// Issue 13 §2: every rule of design §2 (../shared/design.md, read-only shared material) has a rule
// id, named where the planner decides it (its decision table, facts and actions) — or, for the few
// rules a run applies around the planner, in that step — and in test/core/sync-rules.test.ts by a
// test that runs it end to end. The design text is read and cut into its statements; each
// statement must be carried by ids (or said to state no rule, with why), so a sentence added to
// §2 fails here until it has an id.

const DESIGN = resolve('..', 'shared', 'design.md');
const SYNC_RULES_TEST = 'test/core/sync-rules.test.ts';

/** Each statement of design §2, by a fragment of its own words, and the ids that carry it. */
const CARRIED: readonly (readonly [fragment: string, ids: readonly RuleId[]])[] = [
  ['an etag/changeKey move with equal values is not a change', ['changes.stampsOnly']],
  ['A BC contact is in scope when it matches', ['scope.inScope']],
  ['Every contact out of scope has a reason the pane can show', ['scope.skip', 'scope.filteredOut']],
  ['found by name or created; its id is stored', ['folder.default']],
  ['Renaming the folder in settings moves the sync', ['folder.rename']],
  ['Only what changed since the last successful sync, both ways', ['delta.changesOnly', 'delta.bothWays']],
  [
    'BC contacts changed since then (watermark',
    ['delta.changesOnly', 'changes.toOutlook', 'create.inOutlook'],
  ],
  ['new ones are matched and imported exactly as in a full sync', ['delta.bothWays']],
  ['A contact changed on both sides is a **conflict**', ['changes.bothSides']],
  ['Every contact in both directions, regardless of dates', ['full.everyContact']],
  ['in-scope BC contacts are created or updated in Outlook', ['create.inOutlook', 'changes.toOutlook']],
  ['changed since the base update their BC contact', ['changes.toBc']],
  ['matched to BC first by the BC id', ['match.byBcId', 'match.byEmail', 'import.create', 'import.skip']],
  ["BC is the master: when the same contact changed on both sides, BC's value wins", ['changes.bothSides']],
  ['Fields changed on only one side merge', ['changes.bothSides']],
  ["Fields changed on both sides to different values follow the user's policy", ['conflicts.manual']],
  [
    'Every conflict is recorded with base, BC and Outlook values',
    ['conflicts.keepValues', 'conflicts.resolve'],
  ],
  ['A conflict settled by the policy stays listed', ['conflicts.settledKept', 'conflicts.keepValues']],
  ['Each synced BC field owns one identified Outlook value', ['values.owned']],
  ["Outlook's own extra values", ['values.owned']],
  ['validated and written for the whole contact or not at all', ['lengths.refuse']],
  ['Text is compared in one Unicode normal form', ['values.sameText']],
  ["Outlook's free-text country becomes", ['values.country']],
  ['An Outlook contact deleted while its BC contact is still in scope', ['deletions.recreate']],
  ['has its Outlook copy removed from the folder', ['deletions.removeCopy', 'deletions.keepOutlookChanges']],
  ['A run that would delete more than a set share', ['guard.massDelete', 'guard.bcEmpty']],
  ['Any run can be a dry run', ['preview.dryRun']],
  ['One run at a time per user and folder', ['runs.lease']],
  ['A run is resumable', ['runs.resume']],
  ['Each run keeps a record', ['runs.record']],
];

/** Statements of §2 that state no rule of the engine, each with why. */
const NO_RULE: readonly (readonly [fragment: string, why: string])[] = [
  ['Terms: a **link** joins', 'a definition: the link and its base, which every rule uses'],
  ['It is faster than a full sync because', 'an explanation of delta.changesOnly, not a rule of its own'],
  [
    "like BC's job queue entry for codeunit 6700",
    'the facade schedules runs (src/server/scheduler.ts, test/server/scheduler*.test.ts); the engine runs a delta as any other',
  ],
];

/**
 * Rules a run applies around the planner (reads, folder, lease, record, stored conflicts), not in
 * a pair's decision: named in the run's step that applies them, not in the planner's files.
 */
const AROUND_THE_PLANNER: ReadonlySet<RuleId> = new Set<RuleId>([
  'folder.default',
  'folder.rename',
  'full.everyContact',
  'conflicts.resolve',
  'preview.dryRun',
  'runs.lease',
  'runs.record',
]);

/** The planner: its decision table, the facts and actions of a pair, and the planning steps. */
const PLANNER_FILE = /^(pair|pair-table|pair-actions|pair-actions-unlinked|planner|plan)\.ts$/;

/** Design §2's statements: its text after the heading, cut at sentence ends, semicolons and list items. */
function statements(design: string): string[] {
  const start = design.indexOf('\n## 2. ');
  const end = design.indexOf('\n## 3. ');
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const body = design.slice(design.indexOf('\n', start + 1), end);
  return body
    .split(/\n(?=- )|\n\s*\n/)
    .map((item) => item.replace(/^- /, '').replace(/\s+/g, ' ').trim())
    .filter((item) => item !== '')
    .flatMap((item) => item.split(/(?<=[.;])\s+(?=[A-Z*(])/));
}

/** The ids a `rule <id>` comment or a decision-table row names in `text`. */
function namedIn(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/\brules? ((?:`?[a-z]+\.[a-zA-Z]+`?(?:,\s*|\s+and\s+|\s*\/\s*)?)+)/g))
    for (const id of m[1]!.matchAll(/[a-z]+\.[a-zA-Z]+/g)) ids.add(id[0]);
  for (const m of text.matchAll(/\brule: '([a-z]+\.[a-zA-Z]+)'/g)) ids.add(m[1]!);
  return ids;
}

function coreFiles(dir = 'src/core'): { name: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return coreFiles(path);
    return e.name.endsWith('.ts') && e.name !== 'rules.ts'
      ? [{ name: e.name, text: readFileSync(path, 'utf8') }]
      : [];
  });
}

/** Ids of each `test(`${rule(…)} …` in sync-rules.test.ts whose body runs a sync (`.sync(` or runSync). */
function endToEndTests(source: string): Set<string> {
  const ids = new Set<string>();
  for (const block of source.split(/\n {2}test\(/).slice(1)) {
    const head = /^`\$\{rule\(([^)]*)\)\}/.exec(block);
    if (!head || !/\.sync\(|runSync\(/.test(block)) continue;
    for (const id of head[1]!.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) ids.add(id[1]!);
  }
  return ids;
}

const sentences = statements(readFileSync(DESIGN, 'utf8'));
const designIds = [...new Set(CARRIED.flatMap(([, ids]) => ids))];
const files = coreFiles();
const inPlanner = new Set(
  files.filter((f) => PLANNER_FILE.test(f.name)).flatMap((f) => [...namedIn(f.text)]),
);
const elsewhere = new Set(
  files.filter((f) => !PLANNER_FILE.test(f.name)).flatMap((f) => [...namedIn(f.text)]),
);
const tested = endToEndTests(readFileSync(SYNC_RULES_TEST, 'utf8'));

describe('design §2: every rule has an id, named in the planner and tested end to end', () => {
  test('the reader finds §2 and cuts it into its statements (not vacuous)', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(30);
    expect(sentences).toContain(
      'Renaming the folder in settings moves the sync to the folder of the new name.',
    );
    expect(namedIn("// rules match.byBcId, `match.byEmail` and duplicates.bc: x rule: 'scope.skip'")).toEqual(
      new Set(['match.byBcId', 'match.byEmail', 'duplicates.bc', 'scope.skip']),
    );
    expect(
      endToEndTests("\n  test(`${rule('a.b', 'c.d')} x`, async () => {\n await w.sync('full');"),
    ).toEqual(new Set(['a.b', 'c.d']));
    expect(endToEndTests("\n  test(`${rule('a.b')} x`, () => {\n expect(1).toBe(1);")).toEqual(new Set());
  });

  test('every statement of §2 is carried by rule ids or said to state no rule', () => {
    const fragments = [...CARRIED.map(([f]) => f), ...NO_RULE.map(([f]) => f)];
    expect(sentences.filter((s) => !fragments.some((f) => s.includes(f)))).toEqual([]);
  });

  test('every fragment is the words of exactly one statement of §2 (none stale)', () => {
    const fragments = [...CARRIED.map(([f]) => f), ...NO_RULE.map(([f]) => f)];
    const stale = fragments.filter((f) => sentences.filter((s) => s.includes(f)).length !== 1);
    expect(stale).toEqual([]);
  });

  test('every id of §2 is named in the planner (decision table, facts, actions), or around it in its step', () => {
    const missing = designIds.filter((id) => !(AROUND_THE_PLANNER.has(id) ? elsewhere : inPlanner).has(id));
    expect(missing).toEqual([]);
    // The rules around the planner are not decisions of a pair: no row of the table names them.
    expect([...AROUND_THE_PLANNER].filter((id) => inPlanner.has(id))).toEqual([]);
  });

  test('every id of §2 has a test in sync-rules.test.ts that runs a sync end to end', () => {
    expect(designIds.filter((id) => !tested.has(id))).toEqual([]);
  });
});
