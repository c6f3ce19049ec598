import { expect } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { deletablePerson } from './world.js';

/**
 * A "deleted in BC" conflict: person 1's Outlook copy took `jobTitle`, then BC deleted the person
 * and a full sync recorded the conflict (checked here). `resolve` answers it with a choice.
 */
export async function deletedInBcConflict(jobTitle: string) {
  const { w, a, o } = await deletablePerson();
  w.mailbox.userEdit(o.id, { jobTitle });
  w.bc.remove(a.id);
  await w.sync('full');
  const scope = await w.scope();
  expect((await w.store.listConflicts(scope))[0]?.record.kind).toBe('deletedInBc');
  const resolve = (choice: ResolveChoice) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, choice);
  return { w, a, o, scope, resolve };
}
