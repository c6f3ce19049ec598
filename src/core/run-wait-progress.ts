import type { ProgressEvent } from './executor-support.js';
import type { RunWaits } from './run-waits.js';

/**
 * A run's progress events with its waits on them: each event carries the wait open as it goes out
 * (ProgressEvent.waiting), and a wait that begins or ends sends the latest event again with the
 * wait or without it, so a listener hears both while the run's phase and counts stand still. The
 * one place the run's waits meet its progress (core/run.ts); `stop` as the run ends.
 */
export function progressWithWaits(
  onProgress: ((event: ProgressEvent) => void) | undefined,
  waits: RunWaits | undefined,
): { readonly onProgress: (event: ProgressEvent) => void; readonly stop: () => void } {
  let last: ProgressEvent | null = null;
  const send = (event: ProgressEvent): void => {
    const { waiting: _, ...plain } = event;
    const wait = waits?.current() ?? null;
    onProgress?.(wait ? { ...plain, waiting: wait } : plain);
  };
  const stop =
    waits?.watch(() => {
      if (last) send(last);
    }) ?? (() => undefined);
  return {
    onProgress: (event) => {
      last = event;
      send(event);
    },
    stop,
  };
}
