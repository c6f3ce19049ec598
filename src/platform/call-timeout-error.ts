/*
 * Its own file, apart from deadline.ts: Graph's error mapping (graph/graph-error.ts) tells a
 * timeout by this class, and the pane loads that mapping; deadline.ts loads whole-response.ts,
 * which extends the platform's Response as it loads (not there in the pane's jsdom tests).
 */
import type { RunError } from '../core/records.js';
import { noAnswerFailure } from '../core/run-errors.js';

/** No answer within the timeout: to the caller exactly like a dropped connection (outcome unknown). */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms.`);
  }

  /** One that escaped an adapter ends a run as a read of a service that did not answer (F93). */
  runFailure(): Pick<RunError, 'code' | 'params'> {
    return noAnswerFailure();
  }
}
