import { createContext, useCallback, useContext } from 'react';
import { failureOf } from './api/failure.js';
import type { PaneApi } from './api/types.js';
import { useI18n } from './i18n/index.js';
import type { I18n } from './i18n/index.js';
import { refusalFailureText } from './i18n/failure-text.js';
import { runErrorText } from '../messages/words.js';
import type { SyncRunner } from './engine/runner.js';
import type { OfficeHost } from './office/office-host.js';

/** What components reach the world through: the facade, the run starter and the Office host. */
export interface PaneServices {
  readonly api: PaneApi;
  readonly runner: SyncRunner;
  readonly office: OfficeHost;
  /** The user tokens are for (demo user outside Office, the mailbox owner inside). */
  readonly user: string;
}

export const ServicesContext = createContext<PaneServices | null>(null);

export function useServices(): PaneServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a ServicesContext provider.');
  return services;
}

/**
 * Any failure in words, with what to do (issue 14): the kind of failure (api/failure.ts), never a
 * service's own text — a stopped server, a refused sign-in, no company access, a refusal by its code
 * (and the reason its details carry as data). `user` is named where the user must ask for access.
 * @internal
 */
export function failureText(
  i18n: Pick<I18n, 't' | 'text' | 'list' | 'field'>,
  e: unknown,
  user: string,
): string {
  const failure = failureOf(e);
  if (failure.kind === 'refusal') return refusalFailureText(i18n, failure);
  if (failure.kind === 'portFailed' || failure.kind === 'runEnded')
    return i18n.t(`failure_${failure.kind}`, { what: runErrorText(i18n, failure.error) });
  return i18n.t(`failure_${failure.kind}`, { detail: 'detail' in failure ? failure.detail : '', user });
}

/** `failureText` for the signed-in user, in the pane's language. */
export function useFailureText(): (e: unknown) => string {
  const i18n = useI18n();
  const { user } = useServices();
  return useCallback((e: unknown) => failureText(i18n, e, user), [i18n, user]);
}
