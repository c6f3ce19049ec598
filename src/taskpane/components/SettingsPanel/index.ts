export { SettingsPanel } from './SettingsPanel.js';
export type { SettingsPanelProps } from './SettingsPanel.js';
