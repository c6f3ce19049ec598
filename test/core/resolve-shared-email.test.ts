import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve-types.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { World, person } from '../support/world.js';

// Attack F5 (2026-12-07): last session's fault (an Outlook edit gives two BC contacts one e-mail)
// came back through the conflict door. Giulia's copy's e-mail was edited in Outlook to Lars's
// address while BC changed hers; choosing Outlook's E-Mail (manual policy) or reverting the BC win
// (bcWins) wrote Lars's address to Giulia: two BC contacts of one address. A run holds the same
// edit (duplicateEmailInBc); every choice that writes BC's E-Mail must hold it too
// (resolve-bc-check.ts heldByOthers). Each door × each spelling of the address.

const CHANGED_IN_BC = 'bc.changed@example.com';
const SPELLINGS = [(e: string) => e, (e: string) => e.toUpperCase(), (e: string) => ` ${e} `];

async function conflictOverLarsAddress(policy: ConflictPolicy, spell: (e: string) => string) {
  const w = new World();
  await w.settings({ conflictPolicy: policy });
  const giulia = w.bc.seed(person(1));
  const lars = w.bc.seed(person(2));
  await w.sync('full');
  const copy = (await w.outlookByBcId(giulia.id))!;
  const address = spell(lars.email);
  w.mailbox.userEdit(copy.id, { emailAddresses: [{ address, name: 'x' }] });
  w.bc.edit(giulia.id, { email: CHANGED_IN_BC });
  w.later();
  await w.sync('delta');
  const [c] = await w.store.listConflicts(await w.scope());
  expect(c?.bcId).toBe(giulia.id);
  return { w, giulia, lars };
}

const DOORS: [string, ConflictPolicy, ResolveChoice][] = [
  [
    'manual: Outlook’s E-Mail chosen for the field',
    'manual',
    { kind: 'fields', fields: { email: 'outlook' } },
  ],
  ['manual: Outlook’s side chosen whole', 'manual', { kind: 'all', side: 'outlook' }],
  ['bcWins: the settled conflict reverted to Outlook', 'bcWins', { kind: 'all', side: 'outlook' }],
];

describe('no choice in a conflict gives two BC contacts one e-mail (attack F5)', () => {
  test.each(
    DOORS.flatMap(([name, policy, choice]) => SPELLINGS.map((s, i) => [name, i, policy, choice, s] as const)),
  )('%s, spelling %i: refused naming the holder, BC unchanged', async (_name, _i, policy, choice, spell) => {
    const { w, giulia, lars } = await conflictOverLarsAddress(policy, spell);
    const before = w.bc.peek(giulia.id)!.email;
    const result = resolveConflict(
      { bc: w.bc, mailbox: w.mailbox, store: w.store },
      await w.scope(),
      giulia.id,
      choice,
    );
    await expect(result).rejects.toMatchObject({
      failure: { kind: 'invalidForBc', reasons: [{ kind: 'duplicateEmailInBc', bcIds: [lars.id] }] },
    });
    expect(w.bc.peek(giulia.id)!.email).toBe(before);
    const holders = (await w.bc.listAll()).filter(
      (b) => normalizeEmail(b.email) === normalizeEmail(lars.email),
    );
    expect(holders.map((b) => b.id)).toEqual([lars.id]);
  });

  test('control: BC’s side chosen, written, no holder involved', async () => {
    const { w, giulia } = await conflictOverLarsAddress('manual', (e) => e);
    await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, await w.scope(), giulia.id, {
      kind: 'all',
      side: 'bc',
    });
    expect(w.bc.peek(giulia.id)!.email).toBe(CHANGED_IN_BC);
    expect((await w.outlookByBcId(giulia.id))?.emailAddresses[0]?.address).toBe(CHANGED_IN_BC);
  });
});
