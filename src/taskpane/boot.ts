/**
 * The pane's entry (webpack.config.js). It only starts index.tsx, bundled into this same script
 * (`webpackMode: "eager"`: no chunk of its own, no request, nothing a stopped server could refuse).
 * Why not index.tsx itself: webpack inlines an entry module, with every module concatenated into it
 * (React's wrappers, Fluent, the pane), into the bundle's top-level IIFE, which V8 compiles eagerly;
 * as a module required here it is compiled when it runs. Traced on 2 cores at load 12-15 (bench/
 * pane-ab.bench.ts, interleaved): the entry's EvaluateScript 95 -> 64 ms CPU with the runtime in a
 * script apart, the same shape (issue 12, first render).
 */
void import(/* webpackMode: "eager" */ './index.js');
