import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { JSX, ReactNode } from 'react';
import type { ProgressEvent, RunRecord } from '../api/types.js';
import type { RunHandle, RunResult, StartRunRequest } from '../engine/runner.js';
import { RunBusyError } from '../engine/runner.js';
import { useFailureText, useServices } from '../services.js';

export type RunState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'running';
      readonly request: StartRunRequest;
      readonly progress: ProgressEvent | null;
      readonly cancelling: boolean;
    }
  | { readonly kind: 'done'; readonly request: StartRunRequest; readonly result: RunResult }
  /** `busy`: another run holds the folder; otherwise `message` says what failed. */
  | {
      readonly kind: 'failed';
      readonly busy: boolean;
      /** When the holder's lease runs out (RunBusyError.until); null when not known. */
      readonly busyUntil: string | null;
      /** The holder ended mid-write: the folder is kept until `busyUntil` (RunBusyError.settling). */
      readonly busySettling: boolean;
      readonly message: string;
    };

/**
 * The progress the pane shows: a phase the run passes with nothing in it (the plan's link-only
 * items: "Saving links 0 of 0" after 153 Outlook creates, newuser) is not what it is doing, so the
 * last phase that held work stays shown; a phase with nothing shows only when none before held work
 * — the CLI's rule (cli/progress-lines.ts, newuser F6).
 * @internal exported for sync-run-progress.test
 */
export function shownProgress(shown: ProgressEvent | null, next: ProgressEvent): ProgressEvent {
  if (next.total === 0 && shown !== null && shown.total > 0 && shown.phase !== next.phase) {
    // The phase stays; the wait is the run's now, whichever phase's event brought it.
    const { waiting: _, ...kept } = shown;
    return next.waiting ? { ...kept, waiting: next.waiting } : kept;
  }
  return next;
}

/** The pane's one sync run: what it is doing, and how to start, cancel or put it away. */
export interface SyncRun {
  readonly state: RunState;
  /** Starts a run unless one is running; says whether it started. */
  start(request: StartRunRequest): boolean;
  cancel(): void;
  /** Back to idle (the user kept the contacts a held run would delete). */
  dismiss(): void;
}

const SyncRunContext = createContext<SyncRun | null>(null);

export interface SyncRunProviderProps {
  /** Called after every run ends (null when it failed to start), so the lists refresh. */
  readonly onRunFinished?: (record: RunRecord | null) => void;
  readonly children: ReactNode;
}

/** Holds the run state for every panel: Sync shows it, "This sender" starts a sync after adding. */
export function SyncRunProvider({ onRunFinished, children }: SyncRunProviderProps): JSX.Element {
  const { runner } = useServices();
  const describe = useFailureText();
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  // The live handle is not state: it never renders, and a second click must see it at once.
  const handle = useRef<RunHandle | null>(null);
  const finished = useRef(onRunFinished);
  finished.current = onRunFinished;

  const start = useCallback(
    (request: StartRunRequest): boolean => {
      if (handle.current) return false;
      setState({ kind: 'running', request, progress: null, cancelling: false });
      const h = runner.start(request, (progress) =>
        setState((s) => (s.kind === 'running' ? { ...s, progress: shownProgress(s.progress, progress) } : s)),
      );
      handle.current = h;
      h.done
        .then((result) => {
          setState({ kind: 'done', request, result });
          finished.current?.(result.record);
        })
        .catch((e: unknown) => {
          setState({
            kind: 'failed',
            busy: e instanceof RunBusyError,
            busyUntil: e instanceof RunBusyError ? e.until : null,
            busySettling: e instanceof RunBusyError && e.settling,
            message: describe(e),
          });
          finished.current?.(null);
        })
        .finally(() => (handle.current = null));
      return true;
    },
    [runner, describe],
  );
  const cancel = useCallback((): void => {
    handle.current?.cancel();
    setState((s) => (s.kind === 'running' ? { ...s, cancelling: true } : s));
  }, []);
  const dismiss = useCallback((): void => setState({ kind: 'idle' }), []);
  const value = useMemo(() => ({ state, start, cancel, dismiss }), [state, start, cancel, dismiss]);
  return <SyncRunContext.Provider value={value}>{children}</SyncRunContext.Provider>;
}

export function useSyncRun(): SyncRun {
  const run = useContext(SyncRunContext);
  if (!run) throw new Error('useSyncRun needs a SyncRunProvider.');
  return run;
}
