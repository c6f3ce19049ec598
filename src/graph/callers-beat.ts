import type { PageBeat, SendAgain } from '../core/ports.js';
import { toPortFailure } from './graph-error.js';

/** What the caller's lease beat threw, carried past the port's own error mapping. */
class CallersError {
  constructor(readonly error: unknown) {}
}

/**
 * The caller's beat between pages, wrapped: what it throws (its lease was lost) reaches the caller
 * as it is through `failureOf`, not as a PortFailure.
 */
export function callersBeat(onPage: PageBeat | undefined): PageBeat | undefined {
  return (
    onPage &&
    (async () => {
      try {
        await onPage();
      } catch (e) {
        throw new CallersError(e);
      }
    })
  );
}

/** A failure as the port reports it (a PortFailure); what the caller's own beat or SendAgain threw unchanged. */
export function failureOf(error: unknown): unknown {
  return error instanceof CallersError ? error.error : toPortFailure(error);
}

/**
 * The caller's SendAgain (ports.ts), wrapped as its beat is: what it throws (its lease was lost)
 * reaches the caller as it is through `failureOf`, not as a PortFailure `unavailable`.
 */
export function callersAgain(again: SendAgain | undefined): SendAgain | undefined {
  return (
    again &&
    (async (asked) => {
      try {
        return await again(asked);
      } catch (e) {
        throw new CallersError(e);
      }
    })
  );
}
