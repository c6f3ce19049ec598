import { createContext, useContext } from 'react';
import type { PaneApi } from './api/types.js';
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

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
