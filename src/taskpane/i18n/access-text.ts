import type { RunAccess } from '../../core/records.js';
import type { Translate } from './index.js';

/**
 * Whose permissions a run's calls carried (RunRecord.access): Business Central on the user's behalf,
 * as the sync app (app-only) or from the facade's own store; Outlook likewise. Null for records
 * that do not say (runs before it was recorded, and the pane's own runs).
 */
export function accessText(t: Translate, access: RunAccess | undefined): string | null {
  return access ? t('runAccess', { bc: access.bc, graph: access.graph }) : null;
}
