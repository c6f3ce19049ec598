/**
 * The downloads of the parts the pane's first full screen shows (its body, the Settings panel open
 * at first), each a chunk of its own (lazy-panels.ts). Apart from lazy-panels, which needs React and
 * Fluent, so that early-parts.ts can start them before those modules are evaluated.
 */

/** The pane's body: header, sections, the open panels (AppBody.tsx). */
export const loadBody = () => import('./AppBody.js');

/** The Settings panel: open at first, and the pane's largest part. */
export const loadSettings = () => import('../SettingsPanel/index.js');
