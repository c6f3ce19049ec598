import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useFailureText, useServices } from '../../services.js';
import type { PaneApi } from '../../api/types.js';
import type { PaneData } from './AppBody.js';
import { useAppStyles } from './App.styles.js';
import { Body, SHOWN_AT_FIRST } from './lazy-panels.js';

/** What the pane shows first, as the facade answers it (the user is named by the caller's fallback). */
type FirstData = Omit<PaneData, 'user'> & { readonly upn: string | null };

/**
 * The user's data for the first screen: who they are, their settings, recent runs, conflicts and
 * skipped contacts. index.tsx starts it before React renders (issue 12: the requests were sent only
 * after the first commit, a render and a token round trip later); Retry asks again.
 */
export async function loadFirstData(api: PaneApi): Promise<FirstData> {
  const [me, settings, runs, conflicts, skipped] = await Promise.all([
    api.me(),
    api.getSettings(),
    api.listRuns(10),
    api.listConflicts(),
    api.listSkipped(),
  ]);
  return { upn: me.upn ?? me.name ?? null, settings, runs, conflicts, skipped };
}

/**
 * The pane: a spinner (or the reason it cannot load, with Retry) until the user's data arrives, then
 * the body (AppBody: header and sections). The first screen carries only this (issue 12, F66: every
 * script fetched before it counts against 150 KB gzip); the body and the Settings panel start
 * downloading once the shell is painted (early-parts.ts), alongside the data requests they wait for.
 * `started`: the first load, begun before the first render (loadFirstData); absent, the pane starts it.
 */
export function App({ started }: { readonly started?: Promise<FirstData> }): JSX.Element {
  const styles = useAppStyles();
  const { t } = useI18n();
  const { api, user: tokenUser } = useServices();
  const describe = useFailureText();
  const [data, setData] = useState<PaneData | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Taken once: Retry (and a later mount) asks the facade again.
  const first = useRef(started ?? null);

  const load = useCallback(async (): Promise<void> => {
    const pending = first.current ?? loadFirstData(api);
    first.current = null;
    try {
      const { upn, ...rest } = await pending;
      setData({ user: upn ?? tokenUser, ...rest });
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [api, tokenUser, describe]);

  useEffect(() => void load(), [load]);
  // Already downloading in the pane (early-parts.ts): the same download. Here for an App mounted
  // without index.tsx, after the first commit, so none of it is fetched before the first screen.
  useEffect(() => {
    for (const part of SHOWN_AT_FIRST) void part.preload().catch(() => undefined);
  }, []);

  if (!data)
    return (
      <div className={styles.root}>
        <div className={styles.center}>
          {error ? (
            <MessageBar intent="error" layout="multiline">
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
