import { describe, expect, test } from '@jest/globals';
import { EXIT, runExit } from '../../src/cli/run-exit.js';
import type { RunRecord, RunStatus } from '../../src/core/records.js';

// Every run status the CLI can print, with its exit code: only `succeeded` is 0 (issue 9 §6).
const ended = (status: RunStatus, patch: Partial<RunRecord> = {}) => ({
  status,
  errors: [] as RunRecord['errors'],
  held: null,
  ...patch,
});

describe('runExit: the CLI exit code and line of every run status', () => {
  test.each<[RunStatus, number, RegExp | null]>([
    ['succeeded', EXIT.succeeded, null],
    ['failed', EXIT.failed, /^the run ended failed$/],
    ['cancelled', EXIT.failed, /^the run ended cancelled: The run was cancelled before it ended/],
    ['interrupted', EXIT.failed, /^the run ended interrupted$/],
    ['running', EXIT.failed, /^the run ended running$/],
    ['held', EXIT.held, /^the run ended held: a guard held it before it wrote anything\. To delete them/],
  ])('%s → exit %i', (status, code, line) => {
    const r = runExit(ended(status));
    expect(r.code).toBe(code);
    if (line === null) expect(r.line).toBeNull();
    else expect(r.line).toMatch(line);
  });

  test('a held run names what it would delete, per guard kind', () => {
    const mass = runExit(
      ended('held', { held: { kind: 'massDelete', deletes: 40, folderSize: 100, share: 0.2 } }),
    );
    expect(mass).toEqual({
      code: 3,
      line: 'the run ended held: This run would delete 40 of the 100 contacts synced to the Outlook folder (40%); the limit is 20%. Nothing has been written yet. To delete them, run again with --confirm-mass-delete; to keep them, check the filter or raise the limit.',
    });
    const empty = runExit(ended('held', { held: { kind: 'bcEmpty', deletes: 7, folderSize: 7, share: 1 } }));
    expect(empty.code).toBe(3);
    expect(empty.line).toContain(
      'returned no contacts for this folder, so this run would delete all 7 contacts',
    );
  });

  test('F37: a dry run a real run would be held for succeeds and says so, with the share and the limit', () => {
    const held = { kind: 'massDelete' as const, deletes: 3, folderSize: 10, share: 0.2 };
    expect(runExit({ ...ended('succeeded', { held }), dryRun: true })).toEqual({
      code: EXIT.succeeded,
      line: 'dry run: a real run would be held: This run would delete 3 of the 10 contacts synced to the Outlook folder (30%); the limit is 20%. Nothing has been written yet. To delete them, run again with --confirm-mass-delete; to keep them, check the filter or raise the limit.',
    });
    expect(runExit({ ...ended('succeeded'), dryRun: true })).toEqual({ code: EXIT.succeeded, line: null });
  });

  test('a failed run ends its line with the last error; no record is a failure too', () => {
    const failed = ended('failed', { errors: [{ side: 'run', id: 'r1', message: 'Graph timed out' }] });
    expect(runExit(failed)).toEqual({ code: 1, line: 'the run ended failed: Graph timed out' });
    expect(runExit(undefined)).toEqual({ code: 1, line: 'the run ended without a record' });
  });
});
