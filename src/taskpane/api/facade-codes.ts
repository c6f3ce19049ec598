/**
 * Every error code the facade sends (`{"error":{"code"}}`), and how the pane words it (issue 14,
 * issue 8: server refusals reach the pane as codes, never as the server's English). The file that
 * sends each is named; test/taskpane/facade-codes.test.ts fails on a code the server sends that is
 * not listed here.
 *
 * - `own`: the pane words the code itself (`failureCode_<code>`), saying what happened and what to do;
 *   a reason the server sends as data beside it (a resolve failure, a state refusal, a refused
 *   setting) is worded instead, more precisely (services.ts `failureText`).
 * - any other value: the failure kind (failure.ts) the code is an instance of.
 */
export const FACADE_CODES = {
  // Sign-in and access (server/context.ts, auth/access.ts, sync/run-refusals.ts, sync/state.ts).
  Authentication_InvalidCredentials: 'signIn',
  Authorization_UserRequired: 'signIn',
  Authorization_NoCompanyMembership: 'noCompanyAccess',
  Authorization_ScopeMissing: 'forbidden',
  Authorization_RoleMissing: 'forbidden',
  Forbidden_OtherUser: 'forbidden',
  // Upstream BC's token for the user (bc-api/upstream-api.ts): a refused on-behalf-of grant is 403;
  // what to do is sign in again (an expired sign-in, AADSTS500133), so it has its own words.
  Upstream_TokenRefused: 'own',
  Upstream_TokenUnavailable: 'unavailable',
  // Load and setup (rate-limits.ts, http-error.ts, sync/services.ts).
  TooManyRequests: 'busy',
  // A create turn's hold record changed by other processes at every attempt (sync/turn-holds.ts).
  ServiceUnavailable: 'busy',
  ServerRunsUnavailable: 'serverSetup',
  SyncNotConfigured: 'serverSetup',
  InternalServerError: 'unavailable',
  Upstream_Timeout: 'unavailable',
  Upstream_Unavailable: 'unavailable',
  Upstream_InvalidNextLink: 'unavailable',
  // Runs (sync/runs.ts, sync/routes.ts).
  RunInProgress: 'own',
  RunNotActive: 'own',
  RunNotFound: 'own',
  PlanNotAvailable: 'own',
  // A fenced state write of a run that lost its lease (http-error.ts): the pane's store turns it
  // into the run's end `leaseLost` (sync-api-call.ts), worded by the run's code, never as a request.
  LeaseLost: 'busy',
  // A running record's save of a run whose cancel was asked elsewhere (http-error.ts): the pane's
  // store turns it into the run's end `cancelled` (sync-api-call.ts), never shown as a request.
  RunCancelRequested: 'busy',
  // Conflicts (sync/routes.ts resolveHttpError: the ResolveFailure in the `conflict` detail).
  ConflictNotFound: 'own',
  ContactMissing: 'own',
  InvalidChoice: 'own',
  InvalidForBusinessCentral: 'own',
  Stale: 'own',
  ChangedSinceShown: 'own',
  WriteFailed: 'own',
  // Settings (sync/settings-input.ts, http-error.ts: each field's problem in `details`).
  InvalidSettings: 'own',
  InvalidFilter: 'own',
  // The sync state (http-error.ts: the StateRefusal in the first detail).
  StateConflict: 'own',
  // The scope's lists are full (issue 12 F46: the StateRefusal scopeFull, with list and cap).
  ScopeFull: 'own',
  // The user's state holds STATE_LIMITS.perUser.scopes folders (F122, sync/state-admission.ts): a
  // new folder's state is refused; the body names the limit.
  TooManySyncFolders: 'refused',
  // "This sender" (sync/sender.ts).
  CreateTurnBusy: 'own',
  BcWriteFailed: 'own',
  // Business Central's API as the facade serves it (bc-api/*: BC's own codes).
  Request_EntityChanged: 'own',
  Internal_RecordNotFound: 'own',
  Internal_CompanyNotFound: 'own',
  BadRequest_InvalidValue: 'own',
  BadRequest_NotFound: 'own',
  BadRequest_DeltaTokenInvalid: 'refused',
  BadRequest_InvalidToken: 'refused',
  BadRequest_MethodNotAllowed: 'refused',
  BadRequest_PropertyNotFound: 'refused',
  BadRequest_QueryTooComplex: 'refused',
  BadRequest_ReadOnlyProperty: 'refused',
  BadRequest_BatchTooLarge: 'refused',
  // BC's validation of a contact's values (bc-api/bc-source.ts); the engine meets them per write.
  Application_InvalidEmail: 'refused',
  Application_InvalidValue: 'refused',
  Application_StringExceededLength: 'refused',
  // A country/region code that exists already (bc-api/country-routes.ts, F41).
  Internal_EntityWithSameKeyExists: 'refused',
  // The request itself (platform/http-guard.ts, http-error.ts, dev-host-guard.ts).
  RequestEntityTooLarge: 'own',
  BadRequest: 'refused',
  BadRequest_InvalidJson: 'refused',
  BadRequest_InvalidCharacter: 'refused',
  BadRequest_InvalidProperty: 'refused',
  BadRequest_InvalidUrl: 'refused',
  BadRequest_InvalidKey: 'refused',
  BadRequest_NumberOutOfRange: 'refused',
  BadRequest_TooDeep: 'refused',
  BadRequest_TooManyMembers: 'refused',
  // The property given twice, as data (json-duplicate-keys.ts): named, in the user's language.
  BadRequest_DuplicateProperty: 'own',
  BadRequest_TooManyValues: 'refused',
  UnsupportedMediaType: 'refused',
  UriTooLong: 'refused',
  MisdirectedRequest: 'refused',
  // idempotency.ts: the pane puts a fresh key on each POST, so these mean a bug: by kind.
  IdempotencyKeyReused: 'refused',
  IdempotencyKeyInProgress: 'busy',
  InvalidIdempotencyKey: 'refused',
  // Administration only (admin/members-routes.ts, auth/user-directory.ts): never a pane request.
  Conflict_UpnNotUnique: 'refused',
} as const;

export type FacadeCode = keyof typeof FACADE_CODES;
/** The codes the pane words one by one. */
export type OwnCode = { [C in FacadeCode]: (typeof FACADE_CODES)[C] extends 'own' ? C : never }[FacadeCode];

/**
 * @internal facade-codes.test and i18n.test go over every code the pane words itself, in every
 * language, so a code added to FACADE_CODES as 'own' without its message fails there.
 */
export const OWN_CODES = (Object.keys(FACADE_CODES) as FacadeCode[]).filter(
  (c): c is OwnCode => FACADE_CODES[c] === 'own',
);

export function isFacadeCode(code: string): code is FacadeCode {
  return Object.prototype.hasOwnProperty.call(FACADE_CODES, code);
}
