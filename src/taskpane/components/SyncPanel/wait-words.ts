import { useRef } from 'react';
import type { RunWait } from '../../../core/run-waits.js';
import type { ProgressEvent } from '../../../core/executor.js';
import { waitingText } from '../../../messages/progress-words.js';
import type { I18n } from '../../i18n/index.js';

/** A run's wait in the user's language, its end to the second: "… Resuming at 10:42:05." */
export function waitText(i18n: I18n, wait: RunWait): string {
  return waitingText(i18n, wait, i18n.clockTime(wait.until));
}

/** What the live region said last while a run goes: in which phase, of which wait, in words. */
interface Said {
  readonly phase: ProgressEvent['phase'] | null;
  readonly reason: RunWait['reason'] | null;
  readonly text: string;
}

/**
 * What the polite live region says next while a run goes (brief waits: it must not talk over the
 * user). A new phase is said once, with its wait when it begins waiting. Within a phase a wait is
 * said when its reason is new to the phase; the same reason again (the next 429 of a throttled
 * mailbox, every few seconds) and the run going on are not said — the visible line shows each wait
 * and its end. `phaseText` and `waitText` are the words of `progress` now.
 * @internal exported for sync-panel-waits.test
 */
export function nextSaid(
  said: Said | null,
  progress: ProgressEvent | null,
  phaseText: string,
  waitText: string | null,
): Said {
  const phase = progress?.phase ?? null;
  const reason = progress?.waiting?.reason ?? null;
  if (said === null || said.phase !== phase) return { phase, reason, text: waitText ?? phaseText };
  if (reason === null || reason === said.reason || waitText === null) return said;
  return { phase, reason, text: waitText };
}

/**
 * The live region's words while a run goes (nextSaid), kept across renders; null when no run goes.
 * Idempotent in render: the same progress gives the same words.
 */
export function useSaid(i18n: I18n, running: boolean, progress: ProgressEvent | null): string | null {
  const said = useRef<Said | null>(null);
  if (!running) {
    said.current = null;
    return null;
  }
  const phase = progress ? i18n.t(`phase_${progress.phase}`) : i18n.t('runStarting');
  const wait = progress?.waiting ? waitText(i18n, progress.waiting) : null;
  said.current = nextSaid(said.current, progress, phase, wait);
  return said.current.text;
}
