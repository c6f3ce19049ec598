import type { ProgressEvent } from '../../core/executor.js';
import type { RunRecord, SyncMode } from '../../core/records.js';
import type { PreviewView } from '../api/types.js';

export interface StartRunRequest {
  readonly mode: SyncMode;
  readonly dryRun: boolean;
  readonly confirmMassDelete?: boolean;
}

export interface RunResult {
  readonly record: RunRecord;
  /** Dry runs only. */
  readonly preview: PreviewView | null;
}

export interface RunHandle {
  cancel(): void;
  readonly done: Promise<RunResult>;
}

/** Starts sync runs: in the pane (the engine runs here) or in the facade (followed over SSE). */
export interface SyncRunner {
  readonly where: 'pane' | 'server';
  start(request: StartRunRequest, onProgress: (event: ProgressEvent) => void): RunHandle;
}

/** Another run holds the folder. */
export class RunBusyError extends Error {
  override readonly name = 'RunBusyError';
  constructor(
    message: string,
    /**
     * When the holder's lease runs out (ISO): a holder that stopped without letting go (a pane
     * closed mid-sync) frees the folder then. Null when not known.
     */
    readonly until: string | null = null,
    /**
     * The run that held it was stopped while writes it sent could still land: the folder is kept
     * until `until`, when the next sync can start (brief cancelkeep).
     */
    readonly settling = false,
  ) {
    super(message);
  }
}
