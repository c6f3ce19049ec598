import { Button, Caption1, MessageBar, MessageBarBody, Subtitle2, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { RunRecord, SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { errorText, useServices } from '../../services.js';
import { useStatusHeaderStyles } from './StatusHeader.styles.js';

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

/** When the scheduler would run next: the last run's start plus the interval (now when none). */
export function nextScheduled(
  settings: SyncSettings | null,
  lastRun: RunRecord | null,
  now: Date,
): Date | null {
  if (!settings || settings.scheduleMinutes <= 0) return null;
  const from = lastRun ? new Date(lastRun.startedAt) : now;
  const next = new Date(from.getTime() + settings.scheduleMinutes * 60_000);
  return next < now ? now : next;
}

export function StatusHeader({ user, settings, lastRun }: StatusHeaderProps): JSX.Element {
  const styles = useStatusHeaderStyles();
  const { t, dateTime } = useI18n();
  const { api, office } = useServices();
  const [checking, setChecking] = useState(false);
  const [checks, setChecks] = useState<Check[]>([]);

  const validate = async (): Promise<void> => {
    setChecking(true);
    const folder = settings?.folderName ?? 'Business Central';
    const [mailbox, bc] = await Promise.allSettled([api.checkMailbox(folder), api.company()]);
    setChecks([
      mailbox.status === 'fulfilled'
        ? { ok: true, text: t('mailboxOk', { folder: mailbox.value }) }
        : { ok: false, text: t('mailboxFailed', { message: errorText(mailbox.reason) }) },
      bc.status === 'fulfilled'
        ? { ok: true, text: t('bcOk', { company: bc.value.displayName ?? bc.value.name }) }
        : { ok: false, text: t('bcFailed', { message: errorText(bc.reason) }) },
    ]);
    setChecking(false);
  };

  const next = nextScheduled(settings, lastRun, new Date());
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
      <Caption1>{next ? t('nextRunAt', { when: dateTime(next) }) : t('nextRunOff')}</Caption1>
      <div className={styles.row}>
        <Button size="small" onClick={() => void validate()} disabled={checking}>
          {checking ? t('checking') : t('validateConnection')}
        </Button>
      </div>
      {checks.length > 0 && (
        <div className={styles.checks} role="status">
          {checks.map((c) => (
            <MessageBar key={c.text} intent={c.ok ? 'success' : 'error'}>
              <MessageBarBody>{c.text}</MessageBarBody>
            </MessageBar>
          ))}
        </div>
      )}
    </header>
  );
}
