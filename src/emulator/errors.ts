import { frameworkRefusal } from '../platform/server-options.js';
import { shownInput } from '../platform/shown-input.js';

/**
 * The most characters of an error body's message. Every value a message quotes from a request is
 * already bounded (shownInput, SHOWN_INPUT_MAX each); this bounds a sentence built elsewhere (a
 * framework's, another module's) that quotes more, e.g. an Origin header of 16 KB.
 */
const MESSAGE_MAX = 1000;

/**
 * Graph-shaped errors. Handlers throw GraphError; the HTTP layer and the batch runner turn it into
 * `{"error":{"code","message","innerError":{...}}}` with the request's ids.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra innerError fields (the 429 sample carries code/status/message there). */
    readonly innerError: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
  date: string;
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> };
}

export function errorBody(error: GraphError, ids: RequestIds): GraphErrorBody {
  return {
    error: {
      code: error.code,
      // The net under every place that quotes: no message carries a hidden character raw, and none
      // is longer than MESSAGE_MAX, whoever built it (our own texts have no hidden characters).
      message: shownInput(error.message, MESSAGE_MAX),
      innerError: {
        ...error.innerError,
        date: ids.date,
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export const notFound = (): GraphError =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/**
 * Graph's answer to an id that cannot be an Exchange id: 400 ErrorInvalidIdMalformed "Id is
 * malformed." (seen from Graph on message ids: microsoftgraph/microsoft-graph-docs-contrib#106,
 * invictus-ir/Microsoft-Extractor-Suite#146). `name` says which id and `problem` what is wrong
 * with it (id-shape.ts), as the facade's refusals do.
 */
export const idMalformed = (name: string, problem: string): GraphError =>
  new GraphError(400, 'ErrorInvalidIdMalformed', `Id is malformed: the ${name} ${problem}.`);

export const badRequest = (message: string, code = 'BadRequest'): GraphError =>
  new GraphError(400, code, message);

export const invalidBody = (message: string): GraphError => new GraphError(400, 'RequestBodyRead', message);

export const malformedJson = (): GraphError =>
  badRequest(
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );

export const accessDenied = (): GraphError =>
  new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

export const unauthenticated = (message: string): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', message);

export const changeKeyMismatch = (): GraphError =>
  new GraphError(
    412,
    'ErrorIrresolvableConflict',
    'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
  );

export const folderExists = (): GraphError =>
  new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');

/** The 429 sample from Graph's throttling page, innerError included. */
export const tooManyRequests = (retryAfterSeconds: number): GraphError =>
  new GraphError(
    429,
    'TooManyRequests',
    'Please retry again later.',
    { 'Retry-After': formatRetryAfter(retryAfterSeconds) },
    { code: '429', message: 'Please retry after', status: '429' },
  );

export const concurrencyThrottled = (retryAfterSeconds: number): GraphError =>
  new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
    'Retry-After': formatRetryAfter(retryAfterSeconds),
  });

export const serviceUnavailable = (retryAfterSeconds: number): GraphError =>
  new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.', {
    'Retry-After': formatRetryAfter(retryAfterSeconds),
  });

export const gatewayTimeout = (): GraphError =>
  new GraphError(
    504,
    'UnknownError',
    'The gateway did not receive a timely response from the upstream server.',
  );

/** Fractional seconds like Graph's "2.128", trimmed of trailing zeros; never below 0.001. */
function formatRetryAfter(seconds: number): string {
  const clamped = Math.max(0.001, seconds);
  return String(Number(clamped.toFixed(3)));
}

/** Graph's innerError.date has no fraction and no zone ("2020-08-18T12:51:51"). */
export function innerErrorDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19);
}

/**
 * Any error raised around a handler as Graph's error: a GraphError as is, a framework or input-guard
 * refusal (bad URL, NUL, body too large, wrong content type…) with its 4xx, anything else a 500.
 */
export function toGraphError(error: unknown, bodyLimit: number, contentType?: string): GraphError {
  if (error instanceof GraphError) return error;
  const refusal = frameworkRefusal(error, bodyLimit, contentType);
  if (refusal) return new GraphError(refusal.status, refusal.code, refusal.message);
  return new GraphError(500, 'generalException', 'The emulator failed to answer the request.');
}
