/** What ensurePaneBuilt did: built or not, wall time in ms, and why (the first newer source, or none). */
export interface PaneBuildResult {
  readonly built: boolean;
  readonly ms: number;
  readonly why: string;
}
/** Builds the pane into `root`/dist when missing or older than its sources; throws when webpack fails. */
export function ensurePaneBuilt(root?: string): PaneBuildResult;
/** Whether `root` holds a pane build (dist/taskpane.html). */
export function paneBuildExists(root?: string): boolean;
