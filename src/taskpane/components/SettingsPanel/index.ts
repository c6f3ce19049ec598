export { SettingsPanel } from './SettingsPanel.js';
