/**
 * Leaks item 4: a run refused for the company (the user has no access to it) made the sync folder in
 * Outlook anyway, empty: the folder was made beside BC's first read, before anything said whether
 * the user may use the company (06ee291 left it: "a first run's empty folder is still made beside
 * the BC read"). Nothing is written to Outlook before access is known: a folder the run must make is
 * made once both sides were read and the plan made, after the access was asked (as the move's
 * rename, runLeased's beforeWrites). Rows: every way a run makes its folder (the first run; the
 * stored folder deleted in Outlook; a move whose old folder is gone) x delta and full x both
 * refusals (BC's first read answers 403 as over the BC API; reads still answer and checkAccess
 * refuses as the embedded store's does), then a run by a member makes it.
 */
import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { World, person } from '../support/world.js';

const denied = () =>
  new PortFailure('invalid', 'no longer a member', {
    status: 403,
    serviceCode: 'Authorization_NoCompanyMembership',
  });

type Refusal = 'firstRead' | 'checkAccess';
type Making = 'first run' | 'folder deleted in Outlook' | 'move, old folder gone';

/** Refuses the company as `refusal` says; the function returned grants it again. */
function refuse(w: World, refusal: Refusal): () => void {
  const own = { readChanges: w.bc.readChanges, listAll: w.bc.listAll };
  if (refusal === 'checkAccess') {
    Object.assign(w.bc, { checkAccess: () => Promise.reject(denied()) });
    return () => Object.assign(w.bc, { checkAccess: () => Promise.resolve() });
  }
  const no = () => Promise.reject(denied());
  Object.assign(w.bc, { readChanges: no, listAll: no });
  return () => Object.assign(w.bc, own);
}

/** The world before the refused run, and the folder name that run must make. */
async function before(making: Making): Promise<{ w: World; name: string }> {
  const w = new World();
  for (const n of [1, 2, 3]) w.bc.seed(person(n));
  if (making === 'first run') return { w, name: 'Business Central' };
  expect((await w.sync('full')).record.status).toBe('succeeded');
  w.mailbox.userDeleteFolder(w.mailbox.folderByName('Business Central')!.id);
  if (making === 'folder deleted in Outlook') return { w, name: 'Business Central' };
  await w.settings({ folderName: 'BC Contacts' });
  return { w, name: 'BC Contacts' };
}

const MAKINGS: Making[] = ['first run', 'folder deleted in Outlook', 'move, old folder gone'];
const ROWS = MAKINGS.flatMap((making) =>
  (['delta', 'full'] as const).flatMap((mode) =>
    (['firstRead', 'checkAccess'] as const).map((refusal) => ({ making, mode, refusal })),
  ),
);

describe('a run refused for the company makes no folder in Outlook', () => {
  test('named: the first run of a user with no access to the company leaves no empty folder', async () => {
    const { w } = await before('first run');
    refuse(w, 'firstRead');
    await expect(w.sync('full')).rejects.toBeInstanceOf(PortFailure);
    expect(w.mailbox.folderByName('Business Central')).toBeUndefined();
  });

  test.each(ROWS)('$making, $mode, refused at $refusal: no folder; a member then makes it', async (row) => {
    const { w, name } = await before(row.making);
    const grant = refuse(w, row.refusal);
    let record: RunRecord | null = null;
    const thrown = await w.sync(row.mode, { hooks: { onRecord: (r) => (record = r) } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(PortFailure);
    expect(record!.status).toBe('failed');
    expect(w.mailbox.folderByName(name)).toBeUndefined();
    grant();
    w.later();
    expect((await w.sync(row.mode)).record.status).toBe('succeeded');
    const made = w.mailbox.folderByName(name);
    expect(made && w.mailbox.folderContacts(made.id).length).toBe(3);
  });
});
