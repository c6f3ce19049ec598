import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ComponentType, JSX } from 'react';
import { download } from '../api/failure.js';
import { useI18n } from '../i18n/index.js';

/** A component loaded on first use, and a way to start loading it earlier. */
export interface LazyPart<P extends object> {
  readonly Part: (props: P) => JSX.Element;
  /** Starts the download (at most once at a time); a failed one is tried again next time. */
  readonly preload: () => Promise<unknown>;
}

/** The props of a component type. */
type PropsOf<C> = C extends ComponentType<infer P> ? (P extends object ? P : never) : never;

/**
 * A part of the pane the first screen does not show (a closed section, a run's result), in a chunk of
 * its own so the first load stays small (issue 12's 150 KB budget). Callers preload it when the user
 * heads for it (opens the section, starts a run); until it arrives a small spinner holds its place.
 * Not React.lazy: that keeps a failed download failed, and the pane must outlive a blocked request or
 * a server restart without a reload (issue 9 §7) — here a failed download offers Retry. `load` is
 * webpack's literal `import()` of the chunk (what it splits on), `name` the component's export.
 */
export function lazyPart<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyPart<PropsOf<M[K]>> {
  return loadedOnUse(load, (module) => module[name] as ComponentType<PropsOf<M[K]>>);
}

/**
 * Pane tests only (test/taskpane/harness.tsx sets it): awaited before any part shows, even one already
 * downloaded, so a test that looks for a part's content right after the action that shows it, without
 * waiting (findBy*, waitFor), fails on every run and not only when a loaded machine delivers the chunk
 * late (ConflictsPanel's fields table, 5db2844). Null in the product: a part downloaded renders at once.
 * @internal exported for test/taskpane/harness
 */
export const lazyHold: { before: (() => Promise<void>) | null } = { before: null };

function loadedOnUse<P extends object, M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
): LazyPart<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> => {
    loading ??= download(load).then((m) => (loaded = pick(m)));
    loading.catch(() => (loading = null));
    return loading;
  };
  function Part(props: P): JSX.Element {
    const { t } = useI18n();
    const [component, setComponent] = useState<ComponentType<P> | null>(() =>
      lazyHold.before ? null : loaded,
    );
    const [attempt, setAttempt] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return undefined;
      let live = true;
      const hold = lazyHold.before;
      preload().then(
        (c) => (hold ? hold() : Promise.resolve()).then(() => live && setComponent(() => c)),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [component, attempt]);
    if (component) {
      const Loaded = component;
      return <Loaded {...props} />;
    }
    // Said, not only offered: the part could not be downloaded (the server is away), and Retry.
    if (failed)
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t('failure_unreachable')}</MessageBarBody>
          <MessageBarActions>
            <Button
              size="small"
              onClick={() => {
                setFailed(false);
                setAttempt((n) => n + 1);
              }}
            >
              {t('retry')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      );
    return <Spinner size="tiny" label={t('loading')} />;
  }
  return { Part, preload };
}
