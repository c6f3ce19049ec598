import type { BcContact } from '../../src/core/model.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, person } from './world.js';

/**
 * A linked contact that `bcEdit` and `olEdit` changed on both sides since a full sync, then synced
 * again (full) under `policy`: the conflict's World, contacts and scope, its resolve, and the two
 * sides' stamps (BC etag, Outlook changeKey) to show nothing was written.
 */
export async function bothSidesEdited(
  policy: ConflictPolicy,
  bcEdit: Partial<BcContact>,
  olEdit: Parameters<World['mailbox']['userEdit']>[1],
) {
  const w = new World();
  await w.settings({ conflictPolicy: policy, massDeleteShare: 1 });
  const a = w.bc.seed(person(1));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.bc.edit(a.id, bcEdit);
  w.mailbox.userEdit(o.id, olEdit);
  await w.sync('full');
  const scope = await w.scope();
  const resolve = (choice: ResolveChoice) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, choice);
  const stamps = () => [w.bc.peek(a.id)?.etag, w.mailbox.peek(o.id)?.changeKey];
  return { w, a, o, scope, resolve, stamps };
}
