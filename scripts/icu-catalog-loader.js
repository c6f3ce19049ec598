// Webpack loader for the message catalogs (src/messages/catalogs/*.ts, src/taskpane/i18n/catalogs/*.ts):
// parses every ICU message at build time and emits the parsed form, so the pane ships without the ICU
// parser (webpack aliases it to its `no-parser` build). A message that does not parse fails the build.
import { parse } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';

export default function icuCatalogLoader(source) {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const module = { exports: {} };
  // A catalog is one object literal of strings; it imports only types, which transpiling erases.
  new Function('module', 'exports', 'require', js)(module, module.exports, (name) => {
    throw new Error(`${this.resourcePath}: a catalog imports nothing at run time (${name})`);
  });
  const catalog = module.exports.default;
  const parsed = {};
  for (const [key, message] of Object.entries(catalog)) {
    try {
      parsed[key] = parse(message);
    } catch (e) {
      throw new Error(`${this.resourcePath}: ${key}: ${e.message}`);
    }
  }
  return `export default ${JSON.stringify(parsed)};`;
}
