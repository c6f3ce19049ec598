import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import {
  GraphError,
  errorFromResponse,
  isResyncError,
  networkError,
  portKindOf,
  toPortFailure,
} from '../../src/graph/graph-error.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay } from '../../src/platform/retry-policy.js';
import { graphErrorBody } from './scripted-graph.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('Retry-After parsing', () => {
  test.each([
    ['2', 2000],
    ['2.128', 2128],
    [' 0.5 ', 500],
    ['0', 0],
    ['Wed, 01 May 2024 12:00:07 GMT', 7000],
    ['Wed, 01 May 2024 11:59:00 GMT', 0], // a date in the past: retry now
    ['soon', null],
    ['-3', null],
    ['', null],
    [null, null],
  ])('%p → %p ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  test('the wait honours Retry-After plus at most 10% jitter; without it, capped exponential backoff', () => {
    const throttled = new GraphError(429, 'TooManyRequests', 'x', '', true, 2000);
    expect(retryDelay(throttled, 1, DEFAULT_RETRY, () => 0)).toBe(2000);
    expect(retryDelay(throttled, 1, DEFAULT_RETRY, () => 0.999)).toBeCloseTo(2199.8);
    const busy = new GraphError(503, 'serviceNotAvailable', 'x', '', true, null);
    const delays = [1, 2, 3, 10, 30].map((a) => retryDelay(busy, a, DEFAULT_RETRY, () => 1));
    expect(delays).toEqual([250, 500, 1000, 30_000, 30_000]);
    expect(retryDelay(busy, 3, DEFAULT_RETRY, () => 0)).toBe(500);
  });
});

describe('error normalisation', () => {
  test('a Graph error body becomes one GraphError with status, code, request id and Retry-After', () => {
    const headers = new Headers({ 'Retry-After': '3', 'request-id': 'from-header' });
    const e = errorFromResponse(
      429,
      headers,
      graphErrorBody('TooManyRequests', 'Please retry again later.'),
      NOW,
    );
    expect(e).toBeInstanceOf(GraphError);
    expect({
      status: e.status,
      code: e.code,
      requestId: e.requestId,
      retryable: e.retryable,
      retryAfterMs: e.retryAfterMs,
    }).toEqual({
      status: 429,
      code: 'TooManyRequests',
      requestId: 'req-TooManyRequests',
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(e.message).toBe('Please retry again later.');
  });

  test('a body that is not Graph-shaped still yields a usable error (request id from the header)', () => {
    const e = errorFromResponse(502, new Headers({ 'request-id': 'abc' }), null, NOW);
    expect({ code: e.code, requestId: e.requestId, retryable: e.retryable }).toEqual({
      code: 'Http502',
      requestId: 'abc',
      retryable: false,
    });
  });

  test.each([
    [412, 'ErrorIrresolvableConflict', 'stale'],
    [404, 'ErrorItemNotFound', 'notFound'],
    [400, 'ErrorInvalidArgument', 'invalid'],
    [403, 'ErrorAccessDenied', 'invalid'],
    [409, 'ErrorFolderExists', 'invalid'],
    [429, 'ApplicationThrottled', 'throttled'],
    [503, 'serviceNotAvailable', 'unavailable'],
    [504, 'UnknownError', 'unavailable'],
    [500, 'generalException', 'unavailable'],
  ])('HTTP %p %s → %s', (status, code, kind) => {
    expect(portKindOf(errorFromResponse(status, new Headers(), graphErrorBody(code, 'm'), NOW))).toBe(kind);
  });

  test('a request without response: unknown outcome for writes, unavailable for reads; a refused connection is safe', () => {
    const lost = networkError(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), false);
    expect(lost).toMatchObject({ status: 0, code: 'NetworkError', retryable: true, outcomeUnknown: true });
    expect(lost.message).toContain('ECONNRESET');
    expect(portKindOf(lost)).toBe('unknownOutcome');
    expect(toPortFailure(lost)).toMatchObject({ kind: 'unavailable' });
    const refused = networkError(new TypeError('fetch failed'), true);
    expect(refused.outcomeUnknown).toBe(false);
    expect(portKindOf(refused)).toBe('unavailable');
  });

  test('toPortFailure keeps Graph message, status and code, and passes PortFailures through', () => {
    const f = toPortFailure(
      errorFromResponse(
        404,
        new Headers(),
        graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.'),
        NOW,
      ),
    );
    expect(f).toBeInstanceOf(PortFailure);
    expect(f.kind).toBe('notFound');
    expect(f.message).toContain('The specified object was not found in the store.');
    expect(f.message).toContain('404 ErrorItemNotFound');
    const own = new PortFailure('invalid', 'x');
    expect(toPortFailure(own)).toBe(own);
  });

  test('delta resync signals: 410, and the codes in any casing', () => {
    const of = (status: number, code: string) =>
      errorFromResponse(status, new Headers(), graphErrorBody(code, 'm'), NOW);
    expect(isResyncError(of(410, 'SyncStateNotFound'))).toBe(true);
    expect(isResyncError(of(400, 'syncStateNotFound'))).toBe(true);
    expect(isResyncError(of(400, 'RESYNCREQUIRED'))).toBe(true);
    expect(isResyncError(of(400, 'ErrorInvalidSyncStateData'))).toBe(true);
    expect(isResyncError(of(400, 'BadRequest'))).toBe(false);
  });

  test('MailboxConcurrency 429s are told apart from quota 429s', () => {
    const conc = errorFromResponse(
      429,
      new Headers(),
      graphErrorBody('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'),
      NOW,
    );
    const quota = errorFromResponse(
      429,
      new Headers(),
      graphErrorBody('TooManyRequests', 'Please retry again later.'),
      NOW,
    );
    expect([conc.isConcurrencyThrottle, quota.isConcurrencyThrottle]).toEqual([true, false]);
  });
});
