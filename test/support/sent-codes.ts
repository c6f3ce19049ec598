import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every error code the facade's sources send: the code argument of each `new HttpError(…)`,
 * `new BadInput(…)`, `wordedRefusal(…)` (http-error.ts: a code worded from its catalog entry) and `errorBody(…)`, the `code:` of each framework refusal and FRAMEWORK_CODES'
 * values, and the token refusal's two codes. Literals in a conditional are each taken.
 */
export function sentCodes(): { codes: Set<string>; computed: Set<string> } {
  const codes = new Set<string>();
  const computed = new Set<string>();
  // A code's shape: `RunNotActive`, `BadRequest_NotFound` (not a reason kind such as `tooLong`).
  const literal = /'([A-Z][A-Za-z]*(?:_[A-Z][A-Za-z]*)*)'/g;
  for (const file of [...sourceFiles('src/server'), ...sourceFiles('src/platform')]) {
    // Whole-line comments left out: one inside a call's arguments says why, not which code.
    const src = readFileSync(file, 'utf8').replace(/^[ \t]*\/\/.*$/gm, '');
    // A module constant holding a code (`const BATCH_TOO_LARGE = 'BadRequest_BatchTooLarge'`).
    const constants = new Map(
      [...src.matchAll(/const ([A-Z_]+) = '([A-Za-z_]+)';/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    const take = (expr: string): void => {
      const named = constants.get(expr.trim());
      if (named !== undefined) return void codes.add(named);
      const found = [...expr.matchAll(literal)].map((m) => m[1] ?? '');
      if (found.length === 0) computed.add(expr.trim());
      for (const c of found) codes.add(c);
    };
    // new HttpError(status, CODE, …), wordedRefusal(status, CODE, …), quotedRefusal(status, CODE, …): the
    // second argument, up to the next top-level comma.
    for (const m of src.matchAll(
      /(?:new (?:HttpError|BadInput)|(?<!function )\b(?:wordedRefusal|quotedRefusal))\(\s*[^,]+,\s*([^,]+),/g,
    ))
      take(m[1] ?? '');
    for (const m of src.matchAll(/(?<!function )errorBody\(\s*([^,)]+)[,)]/g)) take(m[1] ?? '');
    // Not a Node errno code set on an Error (`code: 'ENOTDIR'`, platform/private-dir.ts): no HTTP answer carries it.
    for (const m of src.matchAll(/\bcode: '([A-Za-z_]+)'/g))
      if (!/^E[A-Z]+$/.test(m[1] ?? '')) codes.add(m[1] ?? '');
    for (const m of src.matchAll(/FST_ERR_\w+: '([A-Za-z_]+)'/g)) codes.add(m[1] ?? '');
    // A code chosen into a variable first (`const code = a ? 'X' : 'Y'`, or destructured beside its
    // status: `const [status, code] = a ? [409, 'X'] : …`): its literals. One with none is no HTTP
    // code built here (a log field); where it is sent, `code` is in COMPUTED.
    for (const m of src.matchAll(/const (?:code|\[[^\]]*\bcode\s*\]) =([^;]*);/g))
      for (const c of (m[1] ?? '').matchAll(literal)) codes.add(c[1] ?? '');
  }
  return { codes, computed };
}
