import type { Compiler } from 'webpack';

/** Writes `<file>.br` and `<file>.gz` beside each text file of the pane over 1 KiB (see precompress-plugin.mjs). */
export class PrecompressPlugin {
  apply(compiler: Compiler): void;
}
