/** The variables `source` (webpack.config.js) reads; a key of DefinePlugin's map is written, not read. */
export function buildVariablesRead(source: string): string[] {
  const read = [
    ...source.matchAll(/(?<!['"\w.])process\.env\.([A-Z_][A-Z0-9_]*)/g),
    ...source.matchAll(/\bdefine\('([A-Z_][A-Z0-9_]*)'\)/g),
  ].map((m) => m[1] as string);
  return [...new Set(read)].sort();
}
