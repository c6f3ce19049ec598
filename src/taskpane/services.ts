import { createContext, useCallback, useContext } from 'react';
import { failureOf } from './api/failure.js';
import type { PaneApi } from './api/types.js';
import { useI18n } from './i18n/index.js';
import type { Translate } from './i18n/index.js';
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
 * service's own text — a stopped server, a refused sign-in, no company access, a refusal by its code.
 * `user` is named where the user must ask for access.
 */
export function failureText(t: Translate, e: unknown, user: string): string {
  const failure = failureOf(e);
  return t(`failure_${failure.kind}`, { detail: 'detail' in failure ? failure.detail : '', user });
}

/** `failureText` for the signed-in user, in the pane's language. */
export function useFailureText(): (e: unknown) => string {
  const { t } = useI18n();
  const { user } = useServices();
  return useCallback((e: unknown) => failureText(t, e, user), [t, user]);
}
