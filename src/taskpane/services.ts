import { createContext, useContext } from 'react';
import { ApiError } from './api/http.js';
import type { PaneApi } from './api/types.js';
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
 * Whether `e` is the network failing rather than the server answering: a fetch that got no
 * response (`ApiError` status 0, a fetch `TypeError`) or a part of the pane whose download failed
 * (webpack's ChunkLoadError, a failed dynamic import).
 */
export function isNetworkFailure(e: unknown): boolean {
  if (e instanceof ApiError) return e.status === 0;
  if (!(e instanceof Error)) return false;
  if (e.name === 'ChunkLoadError') return true;
  if (e instanceof TypeError && /fetch|network|dynamically imported module/i.test(e.message)) return true;
  return /^Loading (CSS )?chunk \S+ failed/.test(e.message);
}

/**
 * A failure in words for the pane: every network failure (issue 14: a lazy chunk's load error text
 * showed when the server was down) is one message saying the server cannot be reached, next to
 * which the pane offers Retry; anything else says its own message.
 */
export function errorText(t: Translate, e: unknown): string {
  if (isNetworkFailure(e)) return t('serverUnreachable');
  return e instanceof Error ? e.message : String(e);
}
