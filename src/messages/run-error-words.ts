import type { RunDeferred, RunError, RunRecord } from '../core/records.js';
import { uncertainTotal } from '../core/uncertain-writes.js';
import type { BcContacts, Mailbox, PortErrorKind } from '../core/ports.js';
import type { Words } from './field-words.js';

/**
 * Why a write or read of BC or Outlook failed, by the port's kind, with the HTTP status and the
 * service's own error code after it ("(HTTP 400 BadRequest_InvalidValue)"): the service's message is
 * its own words, in its own language, and goes to the log only.
 */
export function portErrorText(
  words: Words,
  error: { readonly kind: PortErrorKind; readonly status?: number; readonly serviceCode?: string },
): string {
  const parts = [error.status ? `HTTP ${error.status}` : '', error.serviceCode ?? ''].filter((p) => p !== '');
  const detail = parts.length > 0 ? ` (${parts.join(' ')})` : '';
  const signInRefused = error.serviceCode !== undefined && SIGN_IN_REFUSED.has(error.serviceCode);
  return words.text('portError', { error: signInRefused ? 'signInRefused' : error.kind, detail });
}

/**
 * Service codes that mean the user's own sign-in was refused where the facade acted on their
 * behalf (bc-api/upstream-api.ts: Entra refused the on-behalf-of exchange, e.g. AADSTS500133 for an
 * expired sign-in). Whatever the port's kind, what the user must do is sign in again, never wait
 * for an app-only fallback (there is none).
 */
const SIGN_IN_REFUSED: ReadonlySet<string> = new Set(['Upstream_TokenRefused']);

/**
 * What each port method does, as a failed run says it (F51): every method of both ports, so a
 * method added to a port breaks the build here until the run can word its failure.
 */
const OPERATION_WHAT: Readonly<
  Record<
    Exclude<
      keyof BcContacts | keyof Mailbox,
      'maxBatch' | 'stats' | 'companyId' | 'companyName' | 'companies'
    >,
    'read' | 'write' | 'folder' | 'countries'
  >
> = {
  listAll: 'read',
  readChanges: 'read',
  readInFull: 'read',
  // Parses a link the adapter made; it reads nothing and cannot fail as a call.
  trackedCompany: 'read',
  // Makes the adapter of another company the user may sync (F86); it reads nothing.
  forCompany: 'read',
  // Looks a name up in the host's company list (F104); it reads nothing.
  nameOf: 'read',
  // Names a keyed create's contact from the draft, at once (RV14); it reads nothing.
  createdIdOf: 'read',
  createdIdsAfter: 'read',
  folderWithChanges: 'read',
  getMany: 'read',
  findByEmails: 'read',
  findByBcIds: 'read',
  listContacts: 'read',
  create: 'write',
  update: 'write',
  delete: 'write',
  // Asked before each group of writes (F74): a refusal stops the writes.
  checkAccess: 'write',
  ensureFolder: 'folder',
  findFolder: 'folder',
  folderById: 'folder',
  renameFolderById: 'folder',
  countriesRegions: 'countries',
};
/** @internal Test seam: read-failed-side checks a failed call names one of these operations. */
export const PORT_OPERATIONS = Object.keys(OPERATION_WHAT) as readonly (keyof typeof OPERATION_WHAT)[];

/** `read` for an operation a record does not name (records before F51) or one this table lacks. */
const whatOf = (operation: string): string =>
  (OPERATION_WHAT as Readonly<Record<string, string>>)[operation] ?? 'read';

const num = (v: string | number | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/**
 * A run error in words: by its code and parameters (core/records.ts RunError). Refusals the facade
 * words itself (graphAppMissing…) and records stored before codes carry their message.
 */
export function runErrorText(words: Words, error: RunError): string {
  const p = error.params ?? {};
  const port = () =>
    portErrorText(words, {
      kind: str(p.error) as PortErrorKind,
      status: num(p.status),
      serviceCode: str(p.serviceCode) || undefined,
    });
  switch (error.code) {
    case 'writeFailed':
      return words.text('runError_writeFailed', { side: error.side, reason: port() });
    case 'readFailed':
      return words.text('runError_readFailed', {
        port: str(p.port) || 'unknown',
        what: whatOf(str(p.operation)),
        reason: port(),
      });
    case 'storeRefused':
      return words.text('runError_storeRefused', {
        refusal: str(p.refusal),
        list: str(p.list),
        max: Number(p.max ?? 0),
      });
    case 'leaseLost':
      return words.text('runError_leaseLost', {
        cause: str(p.cause) || 'takenOver',
        seconds: num(p.seconds) ?? 0,
      });
    case 'accessRevoked':
      // A port that named no company (records, BcApiError) says "the company".
      return words.text('runError_accessRevoked', {
        company: str(p.companyName) || str(p.company) || 'none',
      });
    case 'storeFailed':
      return words.text('runError_storeFailed', { reason: port() });
    case 'signInFailed': {
      const detail = [num(p.status) ? `HTTP ${num(p.status)}` : '', str(p.serviceCode)].filter(
        (x) => x !== '',
      );
      return words.text('runError_signInFailed', {
        detail: detail.length > 0 ? ` (${detail.join(' ')})` : '',
      });
    }
    case 'held': {
      // `share` is the user's threshold; the text also says the share the run would delete.
      const deletes = num(p.deletes) ?? 0;
      const folderSize = num(p.folderSize) ?? 0;
      // `folderSize` counts the contacts synced to the folder (its links), as the pane says (F50).
      return words.text('runError_held', {
        kind: str(p.kind),
        deletes,
        synced: folderSize,
        share: deletes / Math.max(1, folderSize),
        limit: num(p.share) ?? 0,
      });
    }
    case 'cancelled':
      return words.text('runError_cancelled');
    case 'folderMoveHeld':
      return words.text('runError_folderMoveHeld', {
        held: num(p.held) ?? 0,
        from: str(p.from),
        to: str(p.to),
      });
    case 'companyChanged':
      // Named by the names BC shows where known (F104): a GUID tells a user nothing to ask for.
      return words.text('runError_companyChanged', {
        from: str(p.fromName) || str(p.from),
        to: str(p.toName) || str(p.to),
      });
    case 'interrupted':
      return words.text('runError_interrupted', { by: str(p.by) });
    case 'folderNameTaken':
      // Records from before the name was carried have none: the words then say "the name the settings give".
      return words.text('runError_folderNameTaken', {
        named: str(p.folderName) === '' ? 'no' : 'yes',
        folderName: str(p.folderName),
      });
    case 'unexpected':
      return words.text('runError_unexpected', {
        name: p.bug === undefined ? str(p.name) : `${str(p.name)} ${str(p.bug)}`,
      });
    default:
      return error.message ?? error.code ?? '';
  }
}

/**
 * What a run's record says about the BC creates it left for the next sync (F69): one sentence per
 * reason that has any, none when nothing was deferred. Every host shows these: the sync API beside
 * the record, the CLI after a run, the pane under the run's counts.
 */
export function deferredTexts(words: Words, deferred: RunDeferred | undefined): string[] {
  if (!deferred) return [];
  return (['createTurnBusy', 'createdElsewhere'] as const)
    .filter((reason) => deferred[reason] > 0)
    .map((reason) => words.text('run_deferred', { count: deferred[reason], reason }));
}

/**
 * What a run's record says about writes it sent without an answer (F114): one sentence when any
 * may have landed, none otherwise. Shown wherever the record's counts are: the sync API, the CLI's
 * line, the pane under the run's counts.
 */
export function uncertainTexts(words: Words, uncertain: RunRecord['uncertain']): string[] {
  const count = uncertainTotal(uncertain);
  return count === 0 ? [] : [words.text('run_uncertain', { count })];
}
