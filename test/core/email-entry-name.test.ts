import { describe, expect, test } from '@jest/globals';
import { countWrites } from '../../src/core/plan.js';
import { World, person } from '../support/world.js';

// Issue 8 §8: the name of BC's e-mail entries follows the contact's name.

describe('the e-mail entry’s name follows the contact’s name (issue 8 §8)', () => {
  test('BC renames "Bo Lind" to "Bo Lindqvist": his e-mail entry is renamed; a name the user typed and Outlook’s own entry stay', async () => {
    const w = new World();
    const a = w.bc.seed(
      person(1, { displayName: 'Bo Lind', email: 'bo@lind.example', email2: 'sales@lind.example' }),
    );
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    expect(o.emailAddresses.map((e) => e.name)).toEqual(['Bo Lind', 'Bo Lind']);
    const home = { address: 'bo@home.example', name: 'Bo at home' };
    w.mailbox.userEdit(o.id, {
      emailAddresses: [o.emailAddresses[0]!, { address: 'sales@lind.example', name: 'Bo (sales)' }, home],
    });
    await w.sync('full');
    w.bc.edit(a.id, { displayName: 'Bo Lindqvist' });
    await w.sync('full');
    const after = w.mailbox.peek(o.id)!;
    expect(after.displayName).toBe('Bo Lindqvist');
    expect(after.emailAddresses).toEqual([
      { address: 'bo@lind.example', name: 'Bo Lindqvist' },
      { address: 'sales@lind.example', name: 'Bo (sales)' },
      home,
    ]);
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });
});
