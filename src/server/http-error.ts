import type { FastifyError, FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ErrorBody } from './error-schema.js';
import { frameworkRefusal } from '../platform/server-options.js';
import { shownInput } from '../platform/shown-input.js';
import { loggableUrl } from './log-redaction.js';
import { schemaRefusal, schemaRefusalMessage } from './schema-refusal.js';
import { RunInProgressError, SettingsError } from '../core/run.js';
import { StateStoreRefusal } from '../core/state-refusal.js';
import { CancelRequestedError, LeaseLostError } from '../core/run-errors.js';
import {
  describeFilterError,
  describeRefusal,
  describeRunRefusal,
  describeSettingsError,
  describeStateRefusal,
} from '../messages/english.js';
import { RunAlreadyActiveError, refusalReason } from './sync/run-manager.js';
import { NO_MEMBERSHIP_CODE, RunEnvironmentError } from './sync/run-refusals.js';
import type { RefusalCode, RefusalParams } from '../messages/refusal-words.js';

/**
 * One detail of a refusal: where (`target`), a default English `message`, and the `reason` as data
 * (a code with parameters) for clients that word it themselves.
 */
export interface ErrorDetail {
  readonly target: string;
  readonly message: string;
  readonly reason?: RefusalReason;
}

/** Why a request was refused, as data: a `kind` (a code) and the parameters its words need. */
export type RefusalReason = Readonly<Record<string, unknown>> & { readonly kind: string };

/** The facade's one error type: becomes `{"error":{"code","message","details"?}}` (OData / BC style). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
    /** Response headers the answer carries (Retry-After of a throttled upstream call). */
    readonly headers?: Readonly<Record<string, string>>,
    /** Why, as data beside `message` (sync API bodies carry `{ kind: code }` when none is given). */
    readonly reason?: RefusalReason,
  ) {
    super(message);
  }
}

/**
 * A sync API refusal as data: its code, and the parameters its words need as the `reason`
 * (`{ kind: code, …params }`); the English `message` HTTP bodies carry (OData style) is made from the
 * same catalog entry (`httpRefusal_<code>`) every other language has, never written here by hand.
 */
export function wordedRefusal<C extends RefusalCode>(
  status: number,
  code: C,
  params: RefusalParams[C],
  details?: readonly ErrorDetail[],
): HttpError {
  return new HttpError(status, code, describeRefusal(code, params), details, undefined, {
    kind: code,
    ...params,
  });
}

/** The body of a refusal, as server/error-schema.ts ErrorBody declares it for every route. */
export function errorBody(
  code: string,
  message: string,
  details?: HttpError['details'],
  reason?: RefusalReason,
): Static<typeof ErrorBody> {
  return {
    error: {
      code,
      message,
      ...(reason ? { reason } : {}),
      ...(details && details.length > 0 ? { details: [...details] } : {}),
    },
  };
}

/**
 * The sync API's refusals (issue 13 §2) and the CLI's (`/internal/`: a refused run's holder and
 * until when, worded in the user's time zone) carry their reason as data next to the English
 * message, so clients word them by code and parameters, never by reading the message. The BC API
 * keeps BC's own body shape.
 */
const REASONED = ['/sync/v1/', '/internal/'];

export function reasonFor(url: string, code: string, given?: RefusalReason): RefusalReason | undefined {
  return REASONED.some((prefix) => url.startsWith(prefix)) ? (given ?? { kind: code }) : undefined;
}

/**
 * The typed answer of every known refusal, whichever route met it: a run's (issue 9 §6: the
 * pane's `/sync/v1/runs`, the CLI's `/internal/runs`, anything that starts or resolves runs) and
 * the state store's (issue 10 §3, F18). Null for errors that are not refusals.
 */
function refusalOf(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  // The state stores refuse what they cannot hold (state-refusal.ts); whichever route passed the
  // value on, that is the caller's input: 409 for a taken Outlook id or a full scope (the state
  // the write meets, F46), 400 for the rest.
  if (err instanceof StateStoreRefusal) {
    const message = describeStateRefusal(err.refusal);
    const details = [{ target: 'body', message, reason: err.refusal }];
    const [status, code] =
      err.kind === 'outlookIdTaken'
        ? [409, 'StateConflict']
        : err.kind === 'scopeFull'
          ? [409, 'ScopeFull']
          : [400, 'BadRequest'];
    return new HttpError(status, code, message, details, undefined, err.refusal);
  }
  if (err instanceof RunAlreadyActiveError)
    return new HttpError(409, 'RunInProgress', err.message, undefined, undefined, refusalReason(err.refusal));
  // A fenced state write (core/lease-fence.ts) of a run whose lease another run holds now.
  if (err instanceof LeaseLostError)
    return wordedRefusal(409, 'LeaseLost', {}, [
      { target: 'query.leaseOwner', message: 'does not hold the lease named by leaseKey' },
    ]);
  // A run's save of its `running` record after its cancel was asked (sql-run-records.ts): the run
  // stops before the write call the save announced, and ends `cancelled`.
  if (err instanceof CancelRequestedError)
    return wordedRefusal(409, 'RunCancelRequested', {}, [
      { target: 'body.status', message: 'only an ended record is stored once a cancel was asked' },
    ]);
  if (err instanceof RunInProgressError) {
    const refusal = err.refusal();
    return new HttpError(
      409,
      'RunInProgress',
      describeRunRefusal(refusal),
      undefined,
      undefined,
      refusalReason(refusal),
    );
  }
  if (err instanceof SettingsError) {
    const details = err.fields.map((f) => ({
      target: `filter.${f.field}`,
      message: describeFilterError(f.error),
      reason: { kind: 'filterSyntax', field: f.field, error: f.error },
    }));
    return new HttpError(400, 'InvalidSettings', describeSettingsError(err), details);
  }
  // Not a configuration fault but this user's access: BC's own answer for a company the caller
  // may not use is 403 too.
  if (err instanceof RunEnvironmentError && err.reason === 'noCompanyMembership')
    return new HttpError(
      403,
      NO_MEMBERSHIP_CODE,
      err.message,
      [{ target: 'user', message: err.message, reason: { kind: err.reason } }],
      undefined,
      { kind: err.reason },
    );
  if (err instanceof RunEnvironmentError)
    return new HttpError(503, 'ServerRunsUnavailable', err.message, [
      { target: 'configuration', message: err.message, reason: { kind: err.reason } },
    ]);
  return null;
}

/** Bad input is a 4xx that says what and where; only real faults are 500s, and they hide internals. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError | Error, request, reply) => {
    const refusal = refusalOf(err);
    if (refusal) {
      if (refusal.headers) reply.headers(refusal.headers);
      const reason = refusal.status < 500 ? reasonFor(request.url, refusal.code, refusal.reason) : undefined;
      return reply
        .status(refusal.status)
        .send(errorBody(refusal.code, refusal.message, refusal.details, reason));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      // Each as data (kind and limit, property, expected type...) beside Ajv's English: clients
      // word it from their own catalogs (issue 13 §2). Unknown properties are refused, not
      // dropped (validation.ts), and named in the target.
      const details = fe.validation.map((v) => schemaRefusal(fe.validationContext ?? 'request', v));
      const reason = reasonFor(request.url, 'BadRequest');
      return reply.status(400).send(errorBody('BadRequest', schemaRefusalMessage(details), details, reason));
    }
    const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0;
    const framework = frameworkRefusal(err, limit, request.headers['content-type']);
    if (framework)
      return reply
        .status(framework.status)
        .send(
          errorBody(
            framework.code,
            framework.message,
            framework.details,
            reasonFor(request.url, framework.code, framework.reason),
          ),
        );
    request.log.error({ err, method: request.method, url: loggableUrl(request.url) }, 'request failed');
    return reply.status(500).send(errorBody('InternalServerError', 'Internal Server Error'));
  });
  app.setNotFoundHandler((request, reply) => {
    const code = 'BadRequest_NotFound';
    reply
      .status(404)
      .send(
        errorBody(
          code,
          `No route ${request.method} ${shownInput(request.url.split('?')[0] ?? '')}.`,
          undefined,
          reasonFor(request.url, code, { kind: code, method: request.method }),
        ),
      );
  });
}
