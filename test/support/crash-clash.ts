import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { clashEnd, pickOf } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';

/**
 * A contact edited on both sides between runs (different job titles): the policy (bcWins, the
 * default) settles it for BC's value and lists the conflict until the user decides.
 */
export class Clash implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const [bc, outlook, links] = await Promise.all([
      real.seat.bcAll(),
      real.seat.outlookAll(),
      real.seat.store.listLinks({ userId: real.seat.userId, folderId: (await real.seat.folder()).id }),
    ]);
    // The linked copy before a late copy beside it (a user edits the contact the sync shows).
    const linked = new Set(links.map((l) => l.outlookId));
    const stamped = outlook.filter((o) => o.bcId !== '');
    const olOf = new Map(
      [...stamped.filter((o) => !linked.has(o.id)), ...stamped.filter((o) => linked.has(o.id))].map((o) => [
        o.bcId,
        o,
      ]),
    );
    const free = bc.filter(
      (b) =>
        olOf.has(b.id) &&
        !model.dirty.has(normalizeEmail(b.email)) &&
        model.scopedOut !== normalizeEmail(b.email),
    );
    const b = pickOf(free, this.pick, (c) => normalizeEmail(c.email));
    if (!b) return;
    const o = olOf.get(b.id)!;
    const n = ++model.made;
    const [r] = await real.seat.bcDirect.update([
      { id: b.id, etag: b.etag, patch: { jobTitle: `clash bc ${n}` } },
    ]);
    const [s] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
      {
        id: o.id,
        changeKey: o.changeKey,
        patch: { displayName: o.displayName, jobTitle: `clash outlook ${n}` },
      },
    ]);
    expect([r?.ok, s?.ok]).toEqual([true, true]);
    const end = clashEnd(model, `clash bc ${n}`, `clash outlook ${n}`);
    model.titles.set(normalizeEmail(b.email), end.title);
    model.dirty.set(normalizeEmail(b.email), end.side);
    model.clashed.add(normalizeEmail(b.email));
  }
  toString = () => `clash #${this.pick}`;
}
