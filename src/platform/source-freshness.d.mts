/** What the task pane's build reads, relative to the package root (see source-freshness.mjs). */
export const PANE_SOURCES: readonly string[];
/** The pane build's stamp file, relative to the package root. */
export const PANE_STAMP: string;
/** A file under `paths` (relative to `root`) newer than `sinceMs` (epoch ms), or null. */
export function firstNewerSource(root: string, paths: readonly string[], sinceMs: number): string | null;
export type BuildState =
  | { readonly state: 'missing' }
  | { readonly state: 'current' }
  /** `newerSource`: one source file newer than the build, relative to the root. */
  | { readonly state: 'stale'; readonly newerSource: string };
/** Whether the build stamped by `stamp` is missing, older than one of `sources`, or current. */
export function buildState(root: string, stamp: string, sources: readonly string[]): BuildState;
