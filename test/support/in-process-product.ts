import { execFile } from 'node:child_process';
import type { RunningServer } from '../../src/server/main.js';
import { startQuietServer } from './quiet-server.js';

// Tests read deep into JSON bodies; a loose type keeps them short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** `npm start`'s server in the jest process (dev mode, HTTP on a free port), with a user's dev tokens. */
export interface InProcessProduct {
  readonly server: RunningServer;
  /** Its DATA_DIR (removed by close). */
  readonly dir: string;
  readonly facadeToken: string;
  readonly graphToken: string;
  /** The first company's id (the demo company). */
  readonly companyId: string;
  /** One JSON request as the user (`token` defaults to the facade's): the status and the body (null for 204). */
  request(path: string, init?: RequestInit, token?: string): Promise<{ status: number; body: Json | null }>;
  /** As `request`, for answers that must succeed: the body; a status of 400 or more throws, naming it. */
  api(path: string, init?: RequestInit, token?: string): Promise<Json>;
  close(): Promise<void>;
}

/** Starts the product on a fresh DATA_DIR (`dirPrefix` names it) with `env` added, signed in as `user`. */
export async function startInProcessProduct(
  dirPrefix: string,
  user: string,
  env: NodeJS.ProcessEnv = {},
): Promise<InProcessProduct> {
  // server.json too: the CLI finds the server through it.
  const server = await startQuietServer(dirPrefix, { env, announce: true });
  const issuer = server.ctx.devIssuer!;
  const facadeToken = await issuer.userToken(user, 'facade');
  const graphToken = await issuer.userToken(user, 'graph');
  const request = async (path: string, init: RequestInit = {}, token = facadeToken) => {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) };
  };
  const api = async (path: string, init: RequestInit = {}, token = facadeToken) => {
    const { status, body } = await request(path, init, token);
    if (status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${status} ${JSON.stringify(body)}`);
    return body ?? {};
  };
  const companyId = (await api('/api/v2.0/companies')).value[0].id as string;
  return {
    server,
    dir: server.dir,
    facadeToken,
    graphToken,
    companyId,
    request,
    api,
    close: () => server.close(),
  };
}

/** The CLI (`bin/bc-contact-sync.js`) as its own process, with `env` over this one's: exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/bc-contact-sync.js', ...args],
      { env: { ...process.env, ...env }, timeout: 600_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `doctor`'s lines as check title → mark ("ok", "FAIL", "skip"). */
export const doctorMarks = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => /^(ok|FAIL|skip) +([^:]+):/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[2], m[1]]),
  );
