import type { ProgressEvent } from '../../core/executor.js';
import type { RunRecord } from '../../core/records.js';
import type { TokenSource } from '../auth/tokens.js';
import { ApiError, jsonFetch, noAnswer } from '../api/http.js';
import type { PreviewView } from '../api/types.js';
import { RunBusyError } from './runner.js';
import type { RunHandle, StartRunRequest, SyncRunner } from './runner.js';

export interface ServerRunnerOptions {
  readonly origin: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
}

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
            throw new RunBusyError(e.message);
          throw e;
        }
        runId = run.id;
        if (cancelWanted) cancel();
        let last: RunRecord = run;
        const res = await fetchFn(`${sync}/runs/${run.id}/events`, {
          headers: { authorization: `Bearer ${await options.tokens.facade()}`, accept: 'text/event-stream' },
        }).catch((e: unknown) => {
          throw noAnswer(e);
        });
        if (!res.ok || !res.body)
          throw new ApiError(res.status, 'EventsFailed', 'The run events are not available.');
        const feed = sseParser((type, data) => {
          if (type === 'progress') onProgress(JSON.parse(data) as ProgressEvent);
          else if (type === 'record' || type === 'end') last = JSON.parse(data) as RunRecord;
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done: ended } = await reader.read().catch((e: unknown) => {
            throw noAnswer(e);
          });
          if (ended) break;
          feed(value);
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
