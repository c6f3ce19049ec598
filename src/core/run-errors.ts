import type { PortError, PortErrorKind } from './ports.js';
import { PortFailure } from './ports.js';
import { FOLDER_NAME_TAKEN_SERVICE_CODE, NO_MEMBERSHIP_SERVICE_CODE } from './port-errors.js';
import type { RunError, RunRecord } from './records.js';
import { StateStoreRefusal } from './state-refusal.js';
import { CoreBug } from './core-bug.js';

/** Another run took this run's lease between two chunks: it stops before writing twice. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  /**
   * @param unansweredMs set when no other run took the lease but the store left the run's renewals
   *   unanswered for a whole TTL (lease-keeper.ts): the run cannot know it still holds the lease,
   *   and its record must not say another sync took over (attack F2, 2026-12-07). Milliseconds.
   */
  constructor(
    message = 'leaseLost',
    readonly unansweredMs?: number,
  ) {
    super(message);
  }
}

/**
 * The store refused a `running` record's save because the run's cancel was asked (at any process:
 * the run's row carries the mark, `sync_runs.cancel_requested_at`; the pane's engine hears it as
 * 409 `RunCancelRequested`). The save is a run's announce right before every write call (F114;
 * and its check before a write no announce precedes, run.ts `fresh`), so the
 * write it announced does not go out: the run stops there and ends `cancelled`, as a local cancel
 * ends it (run.ts). Nothing of the refused save was stored.
 */
export class CancelRequestedError extends Error {
  override readonly name = 'CancelRequestedError';
  constructor(message = 'cancelRequested') {
    super(message);
  }
  runFailure(): Pick<RunError, 'code'> {
    return cancelledFailure();
  }
}

/**
 * A port's failure as a code's parameters: the kind, the HTTP status and the service's own error
 * code when they are known. The service's message stays out (it is the service's words, in the
 * service's language; it goes to the log).
 */
export function portParams(error: {
  readonly kind: PortErrorKind;
  readonly status?: number;
  readonly serviceCode?: string;
}): { error: PortErrorKind; status?: number; serviceCode?: string } {
  return {
    error: error.kind,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.serviceCode ? { serviceCode: error.serviceCode } : {}),
  };
}

/** The run error one failed write of a contact leaves. */
export function writeError(side: 'bc' | 'outlook', id: string, error: PortError): RunError {
  return { side, id, code: 'writeFailed', params: portParams(error) };
}

/**
 * An error of an adapter or host (outside core, which imports none of them) that can reach a run's
 * end says which run error it is (F93: the pane's run that lost its lease, or any adapter's error
 * class that escaped, showed "unexpected (ClassName)"). Every error class in src is in one table
 * test (test/core/error-classes.test.ts): it has a code here, or is listed as never reaching a run.
 */
export interface RunFailureSource {
  runFailure(): Pick<RunError, 'code' | 'params'>;
}

function isRunFailureSource(e: unknown): e is RunFailureSource {
  return (
    typeof e === 'object' && e !== null && typeof (e as Partial<RunFailureSource>).runFailure === 'function'
  );
}

/** A run whose call was cut off by its cancel ends `cancelled` (the RunFailureSource of such calls). */
export function cancelledFailure(): Pick<RunError, 'code'> {
  return { code: 'cancelled' };
}

/** A call no answer came back for (a timeout): a read failure of a service that was not available. */
export function noAnswerFailure(): Pick<RunError, 'code' | 'params'> {
  return { code: 'readFailed', params: portParams({ kind: 'unavailable', status: 0 }) };
}

/** A token for a run's calls could not be had: the token service's status (0: none) and its code. */
export function signInFailure(status: number, serviceCode: string): Pick<RunError, 'code' | 'params'> {
  return { code: 'signInFailed', params: { status, serviceCode } };
}

/** What ended a run that threw, as a code: a port, the store, the lease, or anything else (a bug). */
export function runErrorOf(e: unknown, runId: string): RunError {
  const at = { side: 'run' as const, id: runId };
  if (e instanceof PortFailure && e.detail.serviceCode === NO_MEMBERSHIP_SERVICE_CODE) {
    // The user's access to the company was revoked while the run went on (F85): not a refused value.
    const params: Record<string, string> = { company: e.call?.company ?? '' };
    if (e.call?.companyName) params.companyName = e.call.companyName;
    if (e.call) Object.assign(params, { port: e.call.side, operation: e.call.operation });
    return { ...at, code: 'accessRevoked', params };
  }
  if (e instanceof PortFailure && e.detail.serviceCode === FOLDER_NAME_TAKEN_SERVICE_CODE) {
    // A folder of the name that holds no contacts (audit question 3): the user renames it or picks
    // another name; no retry helps, so not a read that failed.
    // Named: the folder the user must rename is the one in Outlook, whatever the settings said.
    const params: Record<string, string> = { port: e.call?.side ?? 'outlook' };
    if (e.detail.folderName !== undefined) params.folderName = e.detail.folderName;
    return { ...at, code: 'folderNameTaken', params };
  }
  if (e instanceof PortFailure) {
    // Which side and method failed, when the run wired its ports with `onSide` (F51).
    const params: Record<string, string | number> = portParams({ kind: e.kind, ...e.detail });
    if (e.call) Object.assign(params, { port: e.call.side, operation: e.call.operation });
    return { ...at, code: 'readFailed', params };
  }
  if (e instanceof StateStoreRefusal) {
    const r = e.refusal;
    // A full scope says which list and its cap, so the edge can say how many a folder may hold.
    const params: Record<string, string | number> =
      r.kind === 'scopeFull' ? { refusal: r.kind, list: r.list, max: r.max } : { refusal: r.kind };
    return { ...at, code: 'storeRefused', params };
  }
  if (e instanceof LeaseLostError)
    return e.unansweredMs === undefined
      ? { ...at, code: 'leaseLost' }
      : {
          ...at,
          code: 'leaseLost',
          params: { cause: 'unanswered', seconds: Math.ceil(e.unansweredMs / 1000) },
        };
  if (isRunFailureSource(e)) return { ...at, ...e.runFailure() };
  if (e instanceof CoreBug)
    return { ...at, code: 'unexpected', params: { ...e.params, name: e.name, bug: e.code } };
  return { ...at, code: 'unexpected', params: { name: e instanceof Error ? e.name : typeof e } };
}

/** A run whose holder stopped before it ended: its host shut down, or its process was found dead. */
export function interruptedError(runId: string, by: 'shutdown' | 'processStopped'): RunError {
  return { side: 'run', id: runId, code: 'interrupted', params: { by } };
}

/** A run a guard held before it wrote anything: what it would delete, as `RunRecord.held` says. */
export function heldError(runId: string, held: NonNullable<RunRecord['held']>): RunError {
  return {
    side: 'run',
    id: runId,
    code: 'held',
    params: {
      kind: held.kind ?? 'massDelete',
      deletes: held.deletes,
      folderSize: held.folderSize,
      share: held.share,
    },
  };
}

/** A run the user cancelled (what it wrote before stays). */
export function cancelledError(runId: string): RunError {
  return { side: 'run', id: runId, code: 'cancelled' };
}

/** The codes that say why a run ended without syncing (the last entry of its `errors`). */
const END_CODES: ReadonlySet<RunError['code']> = new Set([
  'held',
  'cancelled',
  'interrupted',
  'leaseLost',
  'accessRevoked',
  'storeFailed',
  'signInFailed',
  'readFailed',
  'storeRefused',
  'unexpected',
  'graphAppMissing',
  'noCompany',
  'noCompanyMembership',
  'shuttingDown',
]);

/**
 * Why a run ended without syncing, as one run error: the last of its `errors` that ended it, else
 * its first write failure; for records stored before held and cancelled runs had codes, one made
 * from `held` or the status. Null for a run that succeeded or still runs.
 */
export function endError(record: Pick<RunRecord, 'id' | 'status' | 'errors' | 'held'>): RunError | null {
  if (record.status === 'succeeded' || record.status === 'running') return null;
  const ending = [...record.errors].reverse().find((e) => END_CODES.has(e.code));
  if (ending) return ending;
  if (record.status === 'held' && record.held) return heldError(record.id, record.held);
  if (record.status === 'cancelled') return cancelledError(record.id);
  return record.errors[0] ?? null;
}

/**
 * Ends that are what happened, not what went wrong: a cancel someone asked for and a guard's hold.
 * Every host says them as the run's status, never as an error or under Errors (newuser finding 2:
 * a Cancel the user pressed read as a red "Error").
 */
const OUTCOME_CODES: ReadonlySet<RunError['code']> = new Set(['held', 'cancelled']);

/**
 * A record's end split for showing: `outcome`, a held or cancelled end (a status), and `errors`,
 * the failures to list (the record's own, and the end made for a record stored before codes).
 */
export function runEndParts(record: Pick<RunRecord, 'id' | 'status' | 'errors' | 'held'>): {
  readonly outcome: RunError | null;
  readonly errors: readonly RunError[];
} {
  const ending = endError(record);
  const outcome = ending && OUTCOME_CODES.has(ending.code) ? ending : null;
  const made = ending && !outcome && !record.errors.includes(ending) ? [ending] : [];
  return { outcome, errors: [...record.errors.filter((e) => !OUTCOME_CODES.has(e.code)), ...made] };
}
