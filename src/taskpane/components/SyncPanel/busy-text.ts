import type { I18n } from '../../i18n/index.js';

/** What the pane knows of a refusal because another run holds the folder (state/sync-run.tsx). */
export interface Busy {
  /** When the holder's lease runs out (RunBusyError.until); null when not known. */
  readonly busyUntil: string | null;
  /** The holder ended mid-write: the folder is kept until then. */
  readonly busySettling: boolean;
}

/**
 * The words of a busy folder, with until when whenever the refusal says it: a pane closed
 * mid-sync leaves a lease no run renews, and the user is told when the folder frees, not only that
 * a sync is running (was: "already running" with no time, for as long as the lease lasted).
 */
export function busyText(i18n: I18n, busy: Busy): string {
  if (busy.busyUntil === null) return i18n.t('runBusy');
  const time = i18n.until(busy.busyUntil);
  return i18n.t(busy.busySettling ? 'runSettling' : 'runBusyUntil', { time });
}
