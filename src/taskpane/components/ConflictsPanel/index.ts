export { ConflictsPanel } from './ConflictsPanel.js';
