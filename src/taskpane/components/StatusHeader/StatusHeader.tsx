import { Button, Caption1, Subtitle2, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import type { RunRecord, ScheduleView, SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { heldHint } from '../../i18n/held-text.js';
import { endError, runEndParts } from '../../../core/run-errors.js';
import { intervalParts } from '../../../core/duration-parts.js';
import { accessText } from '../../i18n/access-text.js';
import { runErrorText } from '../../../messages/words.js';
import { useFocusOn } from '../../layout/focus.js';
import { LiveRegion } from '../../layout/live-region.js';
import { useFailureText, useServices } from '../../services.js';
import { useSyncRun } from '../../state/sync-run.js';
import { useStatusHeaderStyles } from './StatusHeader.styles.js';
import { Breakable } from '../../layout/breakable.js';
import { TextBar } from '../../layout/text-bar.js';

export interface StatusHeaderProps {
  readonly user: string;
  readonly settings: SyncSettings | null;
  /** The newest finished run that wrote (not a preview). */
  readonly lastRun: RunRecord | null;
}

interface Check {
  readonly ok: boolean;
  readonly text: string;
}

/** The scheduler's minute tick takes a due run within this time: "due soon" rather than a time. */
const DUE_SOON_MS = 2 * 60_000;
const REFRESH_MS = 60_000;

/**
 * The next scheduled run as the server knows it (`GET /sync/v1/schedule`), asked again whenever the
 * settings or the last run change. Null until known or when it cannot be read.
 */
function useSchedule(settings: SyncSettings | null, lastRun: RunRecord | null): ScheduleView | null {
  const { api } = useServices();
  const [schedule, setSchedule] = useState<ScheduleView | null>(null);
  const runKey = lastRun ? `${lastRun.id}:${lastRun.status}` : null;
  useEffect(() => {
    let live = true;
    const read = (): void =>
      void api
        .getSchedule()
        .then((s) => live && setSchedule(s))
        .catch(() => live && setSchedule(null));
    read();
    // A due run starts on the server's minute tick: read again so "due soon" moves on by itself.
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // Every save (a new settings object) and every finished run can move the next run.
  }, [api, settings, runKey]);
  return schedule;
}

export function StatusHeader({ user, settings, lastRun }: StatusHeaderProps): JSX.Element {
  const styles = useStatusHeaderStyles();
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const { api, office } = useServices();
  const describe = useFailureText();
  const [checking, setChecking] = useState(false);
  const [checks, setChecks] = useState<Check[]>([]);
  const [validated, setValidated] = useState(0);
  const checksRef = useFocusOn<HTMLDivElement>(validated || null);

  const validate = async (): Promise<void> => {
    setChecking(true);
    const folder = settings?.folderName ?? 'Business Central';
    const [mailbox, bc] = await Promise.allSettled([api.checkMailbox(folder), api.company()]);
    setChecks([
      mailbox.status === 'fulfilled'
        ? { ok: true, text: t('mailboxOk', { folder: mailbox.value }) }
        : { ok: false, text: t('mailboxFailed', { message: describe(mailbox.reason) }) },
      bc.status === 'fulfilled'
        ? { ok: true, text: t('bcOk', { company: bc.value.displayName ?? bc.value.name }) }
        : { ok: false, text: t('bcFailed', { message: describe(bc.reason) }) },
    ]);
    setChecking(false);
    setValidated((n) => n + 1);
  };

  const schedule = useSchedule(settings, lastRun);
  const next = (() => {
    if (!schedule) return null;
    const minutes = schedule.scheduleMinutes;
    // The same interval the settings field shows: off only when it says 0 (issue 14 F5).
    if (minutes === 0) return t('nextRunOff');
    // "every 1 day", not "every 1,440 minutes": the largest whole unit (intervalParts).
    if (!schedule.enabled) return t('nextRunServerOff', intervalParts(minutes));
    if (!schedule.saved) return t('nextRunAfterSave', intervalParts(minutes));
    if (schedule.nextRunAt === null) return t('nextRunOff');
    const due = new Date(schedule.nextRunAt);
    return due.getTime() - Date.now() <= DUE_SOON_MS
      ? t('nextRunDueSoon')
      : t('nextRunAt', { when: dateTime(due) });
  })();
  // Why the last run did not sync, from its code (issue 9): failed, cancelled, interrupted or held —
  // unless it is the run the Sync panel is showing, which says it there with its actions (the
  // mass-delete question): the same sentence twice on one screen reads as two problems.
  const { state: shown } = useSyncRun();
  const inSyncPanel = shown.kind === 'done' && lastRun !== null && shown.result.record.id === lastRun.id;
  // While a new run is on, the last run's end is no longer news (newuser: a cancel stayed in red
  // through the next run).
  const ending = lastRun && !inSyncPanel && shown.kind !== 'running' ? endError(lastRun) : null;
  // A cancel or a hold is the last run's status (runEndParts), not an error: neutral words.
  const outcome = ending && lastRun ? runEndParts(lastRun).outcome : null;
  const lastError = ending && !outcome ? runErrorText(i18n, ending) : null;
  const lastHeld = outcome?.code === 'held' ? runErrorText(i18n, outcome) : null;
  const lastStopped = outcome && outcome.code !== 'held' ? runErrorText(i18n, outcome) : null;
  // Whose permissions the last run carried (delegated or app-only), when its record says.
  const lastAccess = lastRun ? accessText(t, lastRun.access) : null;
  return (
    <header className={styles.root} aria-label={t('appTitle')}>
      <Subtitle2 as="h1">{t('appTitle')}</Subtitle2>
      <div className={styles.row}>
        <Text>{t('signedInAs', { user })}</Text>
        {!office.inOffice && <Caption1 className={styles.muted}>({t('demoUser')})</Caption1>}
      </div>
      <Caption1 data-testid="last-sync">
        {lastRun
          ? t('lastSyncAt', {
              when: dateTime(lastRun.finishedAt ?? lastRun.startedAt),
              status: t(`status_${lastRun.status}`),
            })
          : t('lastSyncNone')}
      </Caption1>
      {lastAccess && <Caption1 data-testid="last-access">{lastAccess}</Caption1>}
      {lastError && (
        <Caption1 className={styles.error} data-testid="last-error">
          <Breakable text={t('error', { message: lastError })} />
        </Caption1>
      )}
      {lastStopped && <Caption1 data-testid="last-stopped">{lastStopped}</Caption1>}
      {lastHeld && (
        // A run held where no prompt was (a scheduled one): why, and what to do (issue 14 F37).
        <Caption1 data-testid="last-held">
          {lastHeld} {heldHint(t)}
        </Caption1>
      )}
      {next && <Caption1 data-testid="next-run">{next}</Caption1>}
      <div className={styles.row}>
        <Button size="small" onClick={() => void validate()} disabled={checking}>
          {checking ? t('checking') : t('validateConnection')}
        </Button>
      </div>
      <LiveRegion className={styles.checks} ref={checksRef} tabIndex={-1}>
        {checks.map((c) => (
          <TextBar key={c.text} intent={c.ok ? 'success' : 'error'} text={c.text} />
        ))}
      </LiveRegion>
    </header>
  );
}
