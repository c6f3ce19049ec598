import type { FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import type { ContactWrite } from '../../store/bc-repository.js';
import { operationPartOf } from '../link-origin.js';
import type { BcSource } from './bc-source.js';
import type { OperationLane } from './batch-lanes.js';
import { GATHERED_MAX } from './batch-creates.js';
import { RunGather, answerHanded, bySourceAndCompany } from './batch-gather.js';

/**
 * A `$batch`'s consecutive updates of distinct contacts of one company, written in one go (issue
 * 12, delta-outlook-1pct: a sync's BC updates come as PATCHes of distinct contacts, each a read
 * and a write of its own, four at a time, while the facade's database pool is shared). Updates of
 * distinct contacts cannot see each other, so writing them together answers as one after another
 * would (batch-gather.ts); a run never holds one contact twice (its second PATCH must see the
 * first), and is cut at GATHERED_MAX as creates are.
 */

interface Handed {
  readonly index: number;
  readonly source: BcSource;
  readonly companyId: string;
  readonly id: string;
  readonly ifMatch: string;
  readonly body: ContactWrite;
  readonly resolve: (c: BcContact) => void;
  readonly reject: (e: unknown) => void;
}

/** A lane key of one contact (batch-lanes.ts laneOf): `/companies(<c>)/contacts(<id>)`, lower case. */
const ONE_CONTACT_KEY = /^(\/companies\([^()/]*\))\/contacts\([^()/]*\)$/;

/**
 * Runs of operations (their indexes, two to GATHERED_MAX) that are consecutive PATCHes of distinct
 * contacts of one company. A run starts all its operations when its first gets its lane's turn
 * (batch.ts), so a later member must have no earlier operation on its contact outside the run
 * since the last one that runs alone (review V4: a DELETE of c2, a read of c3, then PATCHes of c1
 * and c2 — the PATCH of c2 ran beside the DELETE, which then met a changed contact and was
 * refused); such an operation starts a run of its own instead, after its lane's earlier ones.
 */
export function patchRuns(methods: readonly string[], lanes: readonly OperationLane[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  let keys = new Set<string>();
  let company: string | null = null;
  /** Contacts of the operations before the run, since the last that runs alone. */
  let before = new Set<string>();
  const close = () => {
    if (run.length > 1) runs.push(run);
    for (const key of keys) before.add(key);
    run = [];
    keys = new Set();
    company = null;
  };
  lanes.forEach((lane, i) => {
    if (lane.kind !== 'on') {
      close();
      before = new Set();
      return;
    }
    const one = methods[i] === 'PATCH' ? ONE_CONTACT_KEY.exec(lane.key) : null;
    if (!one) {
      close();
      before.add(lane.key);
      return;
    }
    if (
      (company !== null && one[1] !== company) ||
      keys.has(lane.key) ||
      run.length === GATHERED_MAX ||
      (run.length > 0 && before.has(lane.key))
    )
      close();
    company = one[1]!;
    keys.add(lane.key);
    run.push(i);
  });
  close();
  return runs;
}

/** A run's updates, written by `BcSource.updateContacts` where the source has it. */
export class PatchGather extends RunGather<Handed> {
  /** Operation `index`'s update: answered once every operation of the run handed its own or ended. */
  update(
    index: number,
    source: BcSource,
    companyId: string,
    update: { readonly id: string; readonly ifMatch: string; readonly body: ContactWrite },
  ): Promise<BcContact> {
    return new Promise<BcContact>((resolve, reject) =>
      this.hand({ index, source, companyId, ...update, resolve, reject }),
    );
  }

  protected send(all: readonly Handed[]): Promise<void> {
    return bySourceAndCompany(all, updateAll);
  }
}

function updateAll(list: readonly Handed[]): Promise<void> {
  const { source, companyId } = list[0]!;
  const all = source.updateContacts?.bind(source);
  return answerHanded<Handed, BcContact>(
    list,
    all ? (l) => all(companyId, l) : null,
    // A source without gathered updates (a tenant upstream): one after another.
    (h) => source.updateContact(companyId, h.id, h.ifMatch, h.body),
    'No answer for the update.',
  );
}

/**
 * The update of the contact route: gathered with its run's when `request` is an operation of a
 * gathered run of updates (batch.ts), else made at once.
 */
export function updateContactFor(
  request: FastifyRequest,
  source: BcSource,
  companyId: string,
  update: { readonly id: string; readonly ifMatch: string; readonly body: ContactWrite },
): Promise<BcContact> {
  const part = operationPartOf(request);
  return part?.gather instanceof PatchGather
    ? part.gather.update(part.index, source, companyId, update)
    : source.updateContact(companyId, update.id, update.ifMatch, update.body);
}
