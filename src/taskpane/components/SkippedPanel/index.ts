export { SkippedPanel } from './SkippedPanel.js';
