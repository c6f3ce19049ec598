export { ConflictsPanel } from './ConflictsPanel.js';
export type { ConflictsPanelProps } from './ConflictsPanel.js';
