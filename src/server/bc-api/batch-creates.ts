import type { FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import type { ContactWrite } from '../../store/bc-repository.js';
import { operationPartOf } from '../link-origin.js';
import type { BcSource } from './bc-source.js';
import type { OperationLane } from './batch-lanes.js';
import { RunGather, answerHanded, bySourceAndCompany } from './batch-gather.js';

/**
 * A `$batch`'s creates in one contacts collection, made in one go (issue 12, delta-outlook-1pct at
 * 10,000: the sync's 50 creates came in 4 envelopes of about 13, and the creates of one collection
 * share a lane (batch-lanes.ts: they take their numbers in the batch's order), so each envelope
 * ran 13 create transactions one after another, all 4 envelopes waiting on the company's number
 * series lock, while Graph's BC id stamps waited for their answers).
 *
 * Each create still runs through its own route (access, rate limits, validation, its write key):
 * the run's operations are started together and each one that reaches its create hands it here;
 * once every operation of the run has either handed its create or ended without one (refused
 * before), the creates go to the source at once in the batch's order (`BcSource.createContacts`:
 * one transaction, numbers taken in that order, each create answered or refused on its own), so
 * the batch answers as if its operations had run one after another.
 */

export type { GatherPart } from './batch-gather.js';

interface Handed {
  readonly index: number;
  readonly source: BcSource;
  readonly companyId: string;
  readonly body: ContactWrite;
  readonly writeKey: string | null;
  readonly resolve: (c: BcContact) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Creates made in one transaction, at most: a run of more is cut into pieces of this many, one
 * after another, so a batch's answer bytes pass its budget (batch-budget.ts) by no more than one
 * piece's creates, and a process that dies part-way through a long run (F75) leaves the pieces
 * before committed and answered again by their keys, as single creates did. A sync sends its
 * creates 12 or 13 to an envelope (4 envelopes for 50): one piece each.
 */
export const GATHERED_MAX = 16;

/**
 * Runs of operations (their indexes, two to GATHERED_MAX) that are consecutive creates in one
 * collection.
 */
export function createRuns(methods: readonly string[], lanes: readonly OperationLane[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  let key: string | null = null;
  const close = () => {
    if (run.length > 1) runs.push(run);
    run = [];
    key = null;
  };
  lanes.forEach((lane, i) => {
    // A POST in a lane of its own key is a create in a contacts collection (laneOf).
    const create = methods[i] === 'POST' && lane.kind === 'on' && lane.key.endsWith('/contacts');
    if (!create) return close();
    if ((key !== null && lane.key !== key) || run.length === GATHERED_MAX) close();
    key = lane.key;
    run.push(i);
  });
  close();
  return runs;
}

/** A run's creates (see batch-gather.ts), made by `BcSource.createContacts` where the source has it. */
export class CreateGather extends RunGather<Handed> {
  /** Operation `index`'s create: answered once every operation of the run handed its own or ended. */
  create(
    index: number,
    source: BcSource,
    companyId: string,
    body: ContactWrite,
    writeKey: string | null,
  ): Promise<BcContact> {
    return new Promise<BcContact>((resolve, reject) =>
      this.hand({ index, source, companyId, body, writeKey, resolve, reject }),
    );
  }

  /** In the batch's order: consecutive creates of one source and company in one call, the rest on their own. */
  protected send(all: readonly Handed[]): Promise<void> {
    return bySourceAndCompany(all, makeAll);
  }
}

function makeAll(list: readonly Handed[]): Promise<void> {
  const { source, companyId } = list[0]!;
  const all = source.createContacts?.bind(source);
  return answerHanded<Handed, BcContact>(
    list,
    all
      ? (l) =>
          all(
            companyId,
            l.map((h) => ({ body: h.body, writeKey: h.writeKey })),
          )
      : null,
    // A source without batched creates (a tenant upstream): one after another, as the lane ran them.
    (h) => source.createContact(companyId, h.body, h.writeKey),
    'No answer for the create.',
  );
}

/**
 * The create of the contacts route: gathered with its run's when `request` is an operation of a
 * gathered run (batch.ts), else made at once.
 */
export function createContactFor(
  request: FastifyRequest,
  source: BcSource,
  companyId: string,
  body: ContactWrite,
  writeKey: string | null,
): Promise<BcContact> {
  const part = operationPartOf(request);
  return part?.gather instanceof CreateGather
    ? part.gather.create(part.index, source, companyId, body, writeKey)
    : source.createContact(companyId, body, writeKey);
}
