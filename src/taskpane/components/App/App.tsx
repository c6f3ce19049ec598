import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useFailureText, useServices } from '../../services.js';
import type { PaneData } from './AppBody.js';
import { useAppStyles } from './App.styles.js';
import { Body, SHOWN_AT_FIRST } from './lazy-panels.js';

/**
 * The pane: a spinner (or the reason it cannot load, with Retry) until the user's data arrives, then
 * the body (AppBody: header and sections). The first screen carries only this (issue 12, F66: every
 * script fetched before it counts against 150 KB gzip); the body and the Settings panel start
 * downloading once it is up, alongside the data requests they wait for anyway.
 */
export function App(): JSX.Element {
  const styles = useAppStyles();
  const { t } = useI18n();
  const { api, user: tokenUser } = useServices();
  const describe = useFailureText();
  const [data, setData] = useState<PaneData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [me, settings, runs, conflicts, skipped] = await Promise.all([
        api.me(),
        api.getSettings(),
        api.listRuns(10),
        api.listConflicts(),
        api.listSkipped(),
      ]);
      setData({ user: me.upn ?? me.name ?? tokenUser, settings, runs, conflicts, skipped });
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [api, tokenUser, describe]);

  useEffect(() => void load(), [load]);
  // After the first commit, so none of it is fetched before the first screen.
  useEffect(() => {
    for (const part of SHOWN_AT_FIRST) void part.preload().catch(() => undefined);
  }, []);

  if (!data)
    return (
      <div className={styles.root}>
        <div className={styles.center}>
          {error ? (
            <MessageBar intent="error">
              <MessageBarBody>{t('error', { message: error })}</MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => void load()}>{t('retry')}</Button>
              </MessageBarActions>
            </MessageBar>
          ) : (
            <Spinner label={t('loading')} />
          )}
        </div>
      </div>
    );

  return <Body.Part data={data} setData={setData} />;
}
