/**
 * F73, model-based: random folder changes interleaved with edits on both sides, conflicts (open
 * under "Ask me", settled under the other policies), dismissals and runs that stop half-way (a lost
 * or refused Outlook write). After every run:
 * - the folder the sync state belongs to holds at most one copy of each BC contact, and every copy
 *   elsewhere is one the rules keep (it holds values BC has no field for), unlinked;
 * - no folder but the state's holds a link or a conflict (the routes list the state's: none is
 *   stranded out of sight), and a move never happened while the old folder held a conflict.
 */
import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { holdsOutlookOnly, outlookOnlyValues } from '../../src/core/outlook-only.js';
import { stateFolder } from '../../src/core/folder-move.js';
import { dismissConflict } from '../../src/core/dismiss.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { ResolveError } from '../../src/core/resolve-types.js';
import type { SyncScope } from '../../src/core/ports.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { USER, World, person } from '../support/world.js';
import { replayOptions } from '../support/replay-case.js';

const NAMES = ['Business Central', 'BC Contacts', 'Sales'] as const;

type Step =
  | { readonly kind: 'bcEdit'; readonly who: number; readonly text: string }
  | { readonly kind: 'outlookEdit'; readonly who: number; readonly text: string }
  | { readonly kind: 'note'; readonly who: number }
  | { readonly kind: 'userFolder'; readonly name: number }
  | { readonly kind: 'folder'; readonly name: number }
  | { readonly kind: 'dismiss' }
  | { readonly kind: 'run'; readonly full: boolean; readonly fault: number | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('bcEdit' as const), who: fc.nat(3), text: fc.constantFrom('x', 'y') }),
  fc.record({ kind: fc.constant('outlookEdit' as const), who: fc.nat(3), text: fc.constantFrom('p', 'q') }),
  fc.record({ kind: fc.constant('note' as const), who: fc.nat(3) }),
  fc.record({ kind: fc.constant('userFolder' as const), name: fc.nat(2) }),
  fc.record({ kind: fc.constant('folder' as const), name: fc.nat(2) }),
  fc.record({ kind: fc.constant('dismiss' as const) }),
  fc.record({
    kind: fc.constant('run' as const),
    full: fc.boolean(),
    fault: fc.option(fc.nat(3), { nil: null }),
  }),
);

/**
 * The user decides every conflict of the scope as the pane offers it: keep BC's value. A choice
 * refused because a side changed since it was shown leaves the record showing what each side holds
 * now, or drops it when no conflict is left (F71): the user looks again and chooses once more;
 * what is still there then is dismissed.
 */
async function settleAll(w: World, scope: SyncScope): Promise<void> {
  const deps = { bc: w.bc, mailbox: w.mailbox, store: w.store };
  const listed = async (bcId: string) => (await w.store.listConflicts(scope)).some((c) => c.bcId === bcId);
  for (const c of await w.store.listConflicts(scope)) {
    for (let look = 0; look < 2 && (await listed(c.bcId)); look++)
      await resolveConflict(deps, scope, c.bcId, { kind: 'all', side: 'bc' }).catch((e: unknown) => {
        if (!(e instanceof ResolveError)) throw e;
      });
    if (await listed(c.bcId)) await dismissConflict(w.store, scope, c.bcId);
  }
}

async function check(w: World, bcIds: readonly string[]): Promise<void> {
  const state = await stateFolder(w.store, USER);
  if (!state) return;
  for (const name of NAMES) {
    const folder = w.mailbox.folderByName(name);
    if (!folder) continue;
    const copies = w.mailbox.folderContacts(folder.id).filter((c) => c.bcId !== '');
    const scope = { userId: USER, folderId: folder.id };
    if (folder.id === state.folderId) {
      for (const id of bcIds) expect(copies.filter((c) => c.bcId === id).length).toBeLessThanOrEqual(1);
      continue;
    }
    // Another folder: only copies the rules keep, and no state out of sight.
    for (const c of copies)
      expect({ name, kept: holdsOutlookOnly(outlookOnlyValues(c, null)) }).toEqual({ name, kept: true });
    expect(await w.store.listLinks(scope)).toEqual([]);
    expect(await w.store.listConflicts(scope)).toEqual([]);
  }
}

async function play(policy: ConflictPolicy, steps: readonly Step[]): Promise<void> {
  const w = new World();
  await w.settings({ conflictPolicy: policy });
  const bcIds = [1, 2, 3, 4].map((n) => w.bc.seed(person(n)).id);
  expect((await w.sync('full')).record.status).toBe('succeeded');
  for (const s of steps) {
    const state = (await stateFolder(w.store, USER))!;
    const stateScope = { userId: USER, folderId: state.folderId };
    const copyOf = (who: number) =>
      w.mailbox
        .folderById(state.folderId)
        .then((f) => (f ? w.mailbox.folderContacts(f.id).find((c) => c.bcId === bcIds[who]) : undefined));
    if (s.kind === 'bcEdit') w.bc.edit(bcIds[s.who]!, { jobTitle: `${s.text}${s.who}` });
    if (s.kind === 'outlookEdit') {
      const copy = await copyOf(s.who);
      if (copy) w.mailbox.userEdit(copy.id, { jobTitle: `${s.text}${s.who}` });
    }
    if (s.kind === 'note') {
      const copy = await copyOf(s.who);
      if (copy) w.mailbox.userSetOutlookOnly(copy.id, 'personalNotes');
    }
    if (s.kind === 'userFolder') await w.mailbox.ensureFolder(NAMES[s.name]!);
    if (s.kind === 'folder') await w.settings({ folderName: NAMES[s.name]! });
    if (s.kind === 'dismiss') await settleAll(w, stateScope);
    if (s.kind !== 'run') continue;
    const heldBefore = (await w.store.listConflicts(stateScope)).length;
    let writes = 0;
    w.mailbox.fault = s.fault === null ? null : () => (writes++ === s.fault ? 'lostResponse' : null);
    w.later();
    const { record } = await w.sync(s.full ? 'full' : 'delta');
    w.mailbox.fault = null;
    const after = (await stateFolder(w.store, USER))!;
    // A move never happens while the old folder holds a conflict (it would strand it).
    if (heldBefore > 0 && after.folderId !== state.folderId)
      expect({
        heldBefore,
        moved: true,
        renamed: w.mailbox.folderByName(after.folderName)?.id === state.folderId,
      }).toEqual({
        heldBefore,
        moved: true,
        renamed: true,
      });
    expect(['succeeded', 'failed']).toContain(record.status);
    await check(w, bcIds);
  }
  // Without faults, the user dismissing what the runs record, every move completes.
  const wanted = ((await w.store.getSettings(USER)) ?? { folderName: '' }).folderName;
  let last = null;
  for (let i = 0; i < 3 && !(last?.status === 'succeeded' && last.folderName === wanted); i++) {
    const settled = (await stateFolder(w.store, USER))!;
    await settleAll(w, { userId: USER, folderId: settled.folderId });
    last = (await w.sync('full')).record;
  }
  expect({ status: last?.status, folderName: last?.folderName }).toEqual({
    status: 'succeeded',
    folderName: wanted,
  });
  await check(w, bcIds);
}

/**
 * A long run (props:long, 20,000 cases a policy, hours on a loaded machine) says how far it got:
 * PROP_PROGRESS names a file that gets a line every 500 cases (a run that is stopped still counts).
 */
const started = Date.now();
const cases = new Map<string, number>();
function progress(policy: string): void {
  const n = (cases.get(policy) ?? 0) + 1;
  cases.set(policy, n);
  if (process.env.PROP_PROGRESS && n % 500 === 0)
    appendFileSync(
      process.env.PROP_PROGRESS,
      `${policy} ${n} cases ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
}

describe('folder moves, model-based (F73)', () => {
  test.each(CONFLICT_POLICIES)(
    'property: under %s no contact is twice in the sync folder, no conflict is stranded, every move completes',
    async (policy) => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), (steps) => {
          progress(policy);
          return play(policy, steps);
        }),
        replayOptions(
          Number(process.env.PROP_RUNS ?? 60),
          Number(process.env.PROP_SEED ?? 20261202),
          process.env.PROP_PATH,
        ),
      );
    },
  );
});
