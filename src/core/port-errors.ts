/* How ports report failures (ports.ts): the kinds every adapter translates its wire errors into,
   the failed call, and a write's outcome. */

/**
 * A failed write or read of one item, as every adapter reports it. Adapters translate their own
 * wire errors (Graph, OData, SQL) into these kinds so the executor can decide without knowing them.
 */
export type PortErrorKind =
  | 'stale' // the version stamp sent (etag / changeKey) no longer matches
  | 'notFound'
  | 'invalid' // the service refused the content; retrying the same request cannot help
  | 'throttled' // retry later
  | 'unavailable' // transient service or network failure; retry later
  | 'unknownOutcome'; // the request may or may not have been applied (response lost)

export interface PortError {
  readonly kind: PortErrorKind;
  /** The service's own words, for logs and diagnostics; never shown as a reason (core words codes). */
  readonly message: string;
  /** HTTP status of the answer; 0 when none came back; absent for ports that are not HTTP. */
  readonly status?: number;
  /** The service's `error.code` (BC: `BadRequest_InvalidValue`…, Graph: `ErrorInvalidProperty`…). */
  readonly serviceCode?: string;
}

/**
 * Which port failed and in which of its methods (F51: a failed run names the side and what it was
 * doing). Set by `onSide` (sided-port.ts) where a run wires its ports; adapters leave it out.
 */
export interface PortCall {
  readonly side: 'bc' | 'outlook';
  /** The port method: `readChanges`, `ensureFolder`, `countriesRegions`… */
  readonly operation: string;
  /** The BC company the port serves, when it names one (F85: a revoked access names it). */
  readonly company?: string;
  /** The company's name as BC shows it (`displayName`), when the port knows it (F104: words name it). */
  readonly companyName?: string;
}

/**
 * The service code of a refusal because the user is no longer a member of the company (the BC
 * API's answer, and the facade's own store port's: README "Company access"). A run that meets it
 * ends with `accessRevoked`, not as a refused value (F85).
 */
export const NO_MEMBERSHIP_SERVICE_CODE = 'Authorization_NoCompanyMembership';

/**
 * The service code of a folder made or renamed to a name another folder holds beside it that is no
 * contact folder (Graph's 409 ErrorFolderExists with no contact folder of the name: a mail,
 * calendar or task folder; Exchange keeps one name per parent whatever a folder holds). No run can
 * find or make the sync folder under that name: it ends with `folderNameTaken`, not as a read that
 * failed (audit question 3).
 */
export const FOLDER_NAME_TAKEN_SERVICE_CODE = 'ErrorFolderExists';

/** A failed read or folder operation; writes report per item through `WriteOutcome` instead. */
export class PortFailure extends Error {
  override readonly name = 'PortFailure';
  constructor(
    readonly kind: PortErrorKind,
    message: string,
    /**
     * As PortError's: the HTTP status and the service's error code, when known; and the folder
     * name a create or rename was refused for (FOLDER_NAME_TAKEN_SERVICE_CODE): the words name it.
     */
    readonly detail: {
      readonly status?: number;
      readonly serviceCode?: string;
      readonly folderName?: string;
    } = {},
    /** The port and method that failed, when the caller wired it with `onSide`. */
    readonly call?: PortCall,
  ) {
    super(message);
  }
}

export type WriteOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PortError };
