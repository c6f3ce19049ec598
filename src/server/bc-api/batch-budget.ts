import { HttpError } from '../http-error.js';
import { nonNegativeInt, pageSizeFor } from './paging.js';

/**
 * The work one `$batch` may ask for (issue 10 §3, F38: 100 list reads in one envelope answered 75 MB
 * after 12 s of CPU). Two bounds, both stated in the refusal:
 *
 * - Entities, counted before anything runs: a read of a collection may answer a whole page (its
 *   `Prefer: odata.maxpagesize` or `$top`, at most the server's page size; a delta read a full
 *   page), any other operation one
 *   entity. A batch over BATCH_ENTITIES (ten default pages) is refused whole (400), so nothing of it is done.
 * - Answer bytes, counted while it runs (entities differ in size): once the answers reach
 *   BATCH_ANSWER_BYTES, the operations not yet run are not run and each answers 400 saying so; the
 *   ones already run keep their answers (a write that was done is reported done).
 * @internal
 */
export const BATCH_ENTITIES = 10_000;
export const BATCH_ANSWER_BYTES = 16 * 1024 * 1024;

const BATCH_TOO_LARGE = 'BadRequest_BatchTooLarge';

/** A path under the API root that names a collection (`/companies`, `…/contacts`, `…/countriesRegions`). */
const COLLECTION = /^\/companies(?:\([^()/]*\)\/(?:contacts|countriesRegions))?\/?$/;

/** One operation as the budget sees it: method, path and query under the API root, its headers. */
export interface BudgetedOperation {
  readonly method: string;
  /** Path and query under the API root, e.g. `/companies(…)/contacts?$top=5`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

const isCollectionRead = (op: BudgetedOperation) =>
  op.method === 'GET' && COLLECTION.test(op.path.split('?', 1)[0]!);

/** Entities an operation may answer at most (see above); a bad `$top` is left to its own route's 400. */
function operationCost(op: BudgetedOperation, maxPageSize: number): number {
  if (!isCollectionRead(op)) return 1;
  const search = new URLSearchParams(op.path.split('?', 2)[1] ?? '');
  // A delta answers up to a whole page whatever it prefers (contact-reads.ts).
  if (search.has('$deltatoken')) return maxPageSize;
  const { size } = pageSizeFor(op.headers.prefer, maxPageSize);
  const top = search.get('$top');
  let topValue: number | null = null;
  try {
    topValue = top === null ? null : nonNegativeInt('$top', top);
  } catch {
    topValue = null;
  }
  return topValue === null ? size : Math.min(size, topValue);
}

/** Refuses (400) a batch whose operations may answer more than BATCH_ENTITIES entities. */
export function checkBatchCost(ops: readonly BudgetedOperation[], maxPageSize: number): void {
  const limit = BATCH_ENTITIES;
  const costs = ops.map((op) => operationCost(op, maxPageSize));
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= limit) return;
  const reads = ops.filter(isCollectionRead);
  throw new HttpError(
    400,
    BATCH_TOO_LARGE,
    `This $batch may answer up to ${total} entities (${reads.length} collection reads, up to ${maxPageSize} each); ` +
      `a $batch may answer at most ${limit}. Ask for smaller pages (Prefer: odata.maxpagesize or $top) or send fewer reads per $batch.`,
    [
      {
        target: 'requests',
        message: `at most ${limit} entities per $batch`,
        reason: { kind: 'batchEntities', limit, actual: total },
      },
    ],
  );
}

/** The answer of an operation left out because the batch's answers reached BATCH_ANSWER_BYTES. */
export function notRunAnswer(id: string, index: number, bytes: number, limit: number) {
  const message =
    `Not run: this $batch's answers reached ${bytes} bytes before requests[${index}] ` +
    `(at most ${limit} per $batch); send it again in another $batch.`;
  return {
    id,
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: {
      error: {
        code: BATCH_TOO_LARGE,
        message,
        details: [
          {
            target: `requests[${index}]`,
            message,
            reason: { kind: 'batchAnswerBytes', limit, actual: bytes },
          },
        ],
      },
    },
  };
}
