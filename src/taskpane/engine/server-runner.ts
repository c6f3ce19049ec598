import type { ProgressEvent } from '../../core/executor.js';
import type { RunRecord } from '../../core/records.js';
import type { TokenSource } from '../auth/tokens.js';
import { ApiError, jsonFetch, noAnswer } from '../api/http.js';
import type { PreviewView } from '../api/types.js';
import { answeredTime } from '../../messages/wait-time.js';
import { RunBusyError } from './runner.js';
import type { RunHandle, StartRunRequest, SyncRunner } from './runner.js';

export interface ServerRunnerOptions {
  readonly origin: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  /**
   * Starts the wait after which a quiet event stream counts as lost (`ms`: STREAM_QUIET_MS);
   * returns its stop. Tests pass their own; the pane a timeout.
   */
  readonly quietTimer?: (ms: number, lost: () => void) => () => void;
}

/**
 * How long the event stream may bring nothing before it counts as lost (ms): the facade writes a
 * keep-alive every 15 s (server/sync/runs.ts), so three missed ones are a connection that died
 * without a word (a proxy or a network that dropped it), which a read would wait on for ever.
 */
const STREAM_QUIET_MS = 45_000;
/**
 * Streams in a row that end (or go quiet) without the run's `end`, each opened again, before the
 * run counts as unreachable. A stream may end early by no fault of the run (a proxy's time limit,
 * a process that does not run it: the facade now follows it there too); the run goes on.
 */
const STREAM_REOPENS = 3;

const realQuietTimer = (ms: number, lost: () => void): (() => void) => {
  const t = setTimeout(lost, ms);
  return () => clearTimeout(t);
};

/**
 * Parses `text/event-stream` chunks into events (`event:` + `data:` lines, blank line ends one).
 * @internal
 */
export function sseParser(onEvent: (type: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(type, data.join('\n'));
    }
  };
}

/**
 * The fallback: the facade runs the engine (`POST /sync/v1/runs`) and the pane follows its events.
 * EventSource cannot send a bearer token, so the stream is read with fetch.
 */
export function serverRunner(options: ServerRunnerOptions): SyncRunner {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const call = jsonFetch(() => options.tokens.facade(), fetchFn);
  const sync = `${options.origin}/sync/v1`;
  const quietTimer = options.quietTimer ?? realQuietTimer;

  /**
   * Reads one event stream of a run into `feed` until it closes, or until it brought nothing for
   * STREAM_QUIET_MS (then aborted): how it ended. No answer at all, or one broken off, is the
   * network's (noAnswer); an answer that is no stream is EventsFailed.
   */
  async function followEvents(
    url: string,
    feed: (chunk: string) => void,
  ): Promise<'quiet' | 'closedEmpty' | 'closedAfterData'> {
    const abort = new AbortController();
    let quiet = false;
    let stopQuiet = quietTimer(STREAM_QUIET_MS, () => ((quiet = true), abort.abort()));
    try {
      const res = await fetchFn(url, {
        headers: { authorization: `Bearer ${await options.tokens.facade()}`, accept: 'text/event-stream' },
        signal: abort.signal,
      }).catch((e: unknown) => {
        if (quiet) return null;
        throw noAnswer(e);
      });
      if (res === null) return 'quiet';
      if (!res.ok || !res.body)
        throw new ApiError(res.status, 'EventsFailed', 'The run events are not available.');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (let fed = false; ; fed = true) {
        const read = await reader.read().catch((e: unknown) => {
          if (quiet) return null;
          throw noAnswer(e);
        });
        if (read === null) return 'quiet';
        if (read.done) return fed ? 'closedAfterData' : 'closedEmpty';
        stopQuiet();
        stopQuiet = quietTimer(STREAM_QUIET_MS, () => ((quiet = true), abort.abort()));
        feed(read.value);
      }
    } finally {
      stopQuiet();
    }
  }
  return {
    where: 'server',
    start(request: StartRunRequest, onProgress: (event: ProgressEvent) => void): RunHandle {
      let runId: string | null = null;
      let cancelWanted = false;
      const cancel = (): void => {
        cancelWanted = true;
        if (runId) void call('POST', `${sync}/runs/${runId}/cancel`).catch(() => undefined);
      };
      const done = (async () => {
        let run: RunRecord;
        try {
          run = (await call<{ run: RunRecord }>('POST', `${sync}/runs`, { ...request, trigger: 'pane' })).run;
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && e.code === 'RunInProgress')
            throw busyError(e.message, e.body);
          throw e;
        }
        runId = run.id;
        if (cancelWanted) cancel();
        let last: RunRecord = run;
        let ended = false;
        const feed = sseParser((type, data) => {
          if (type === 'progress') onProgress(JSON.parse(data) as ProgressEvent);
          else if (type === 'record' || type === 'end') last = JSON.parse(data) as RunRecord;
          if (type === 'end') ended = true;
        });
        // Only the run's `end` ends the following: a stream that closes or goes quiet before it
        // (its record still running) is opened again (was: taken as the run's end, or waited on
        // for ever).
        for (let reopens = 0; !ended;) {
          if (reopens > STREAM_REOPENS) throw noAnswer(new Error('The run events stream ended early.'));
          const closed = await followEvents(`${sync}/runs/${run.id}/events`, feed);
          // A stream that brought the run and then closed (a proxy's time limit) is no failure.
          reopens = closed === 'closedAfterData' ? 0 : reopens + 1;
        }
        let preview: PreviewView | null = null;
        if (request.dryRun && last.status === 'succeeded')
          preview = (await call<{ plan: PreviewView }>('GET', `${sync}/runs/${run.id}/plan`)).plan;
        return { record: last, preview };
      })();
      return { cancel, done };
    },
  };
}

/**
 * The 409's refusal as the pane words it: when the holder's lease runs out (`until`: a pane that
 * closed mid-sync frees the folder then) and whether it ended mid-write (`settling`).
 */
function busyError(message: string, body: unknown): RunBusyError {
  const reason = (body as { error?: { reason?: { settling?: unknown; until?: unknown } } } | null)?.error
    ?.reason;
  const until = answeredTime(reason?.until);
  return new RunBusyError(message, until, until !== null && reason?.settling === true);
}
