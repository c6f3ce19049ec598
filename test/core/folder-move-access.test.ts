/**
 * Soak S1: a run refused for company access still renamed the Outlook folder. The move's Outlook
 * writes (the rename; the switch's removal of the old copies) went before anything asked whether
 * the user may still use the company; the run was refused only at its first group of writes (F74).
 * The BC port here refuses as the embedded store's does once a membership is revoked: reads still
 * answer, `checkAccess` (asked before every group of writes) says 403.
 */
import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { USER, World, person } from '../support/world.js';
import { recordedFolder } from '../../src/core/folder.js';

const revoked = (): Promise<void> =>
  Promise.reject(
    new PortFailure('invalid', 'no longer a member', {
      status: 403,
      serviceCode: 'Authorization_NoCompanyMembership',
    }),
  );

/** What the user sees of the folders: every folder's name and how many contacts it holds. */
function folders(w: World): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['Business Central', 'BC Contacts']) {
    const f = w.mailbox.folderByName(name);
    if (f) out[name] = w.mailbox.folderContacts(f.id).length;
  }
  return out;
}

const moves = [
  { move: 'rename', target: false },
  { move: 'switch', target: true },
] as const;

describe('a run refused for company access moves no folder (soak S1)', () => {
  test.each(moves.flatMap((m) => (['delta', 'full'] as const).map((mode) => ({ ...m, mode }))))(
    '$move, $mode: refused before the move, both folders as they were',
    async ({ target, mode }) => {
      const w = new World();
      for (const n of [1, 2, 3]) w.bc.seed(person(n));
      expect((await w.sync('full')).record.status).toBe('succeeded');
      if (target) await w.mailbox.ensureFolder('BC Contacts');
      await w.settings({ folderName: 'BC Contacts' });
      const before = folders(w);
      Object.assign(w.bc, { checkAccess: revoked });

      let record: RunRecord | null = null;
      // A run that failed after taking its lease records the failure, then throws it (runSync).
      const thrown = await w.sync(mode, { hooks: { onRecord: (r) => (record = r) } }).then(
        () => null,
        (e: unknown) => e,
      );

      expect(thrown).toBeInstanceOf(PortFailure);
      expect(record!.status).toBe('failed');
      expect(record!.errors.map((e) => e.code)).toContain('accessRevoked');
      expect(folders(w)).toEqual(before);
      // The move is still due: the next run by a member makes it.
      expect((await recordedFolder(w.store, USER, 'BC Contacts')).moving).not.toBeNull();
    },
  );
});
