import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/in-process-product.js';

// F82 (tester) as a user meets it: `bc-contact-sync sync` while server.json names a live server
// that accepts connections and never answers. The CLI waited forever; now it stops after three
// deadlines (CLI_TIMEOUT_MS) with exit 4 and one line naming the run and where to look at it.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('F82: the CLI on a server that accepts and never answers', () => {
  let dir: string;
  let url: string;
  let answerStart = false;
  const server = http.createServer((req, res) => {
    req.resume();
    // With answerStart the start is answered (the run runs); every poll goes unanswered.
    if (answerStart && req.method === 'POST')
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json' });
        const id = 'f82f82f8-2f82-4f82-8f82-f82f82f82f82';
        res.end(
          JSON.stringify({ record: { id, status: 'running' }, progress: {}, active: true, plan: null }),
        );
      });
  });

  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'bcsync-lost-server-'));
    // This test's process stands in for the server's: alive, so the CLI trusts server.json.
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ url, adminToken: 'token', pid: process.pid }));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  // The deadline (CLI_TIMEOUT_MS): short where nothing is ever answered (the outcome cannot depend on
  // speed, and the CLI waits 3 of them); roomy where the start is answered at once, since on a loaded
  // 2-core machine that answer can come hundreds of ms late and a late one counts (rightly) as none.
  const NEVER_ANSWERED = '300';
  const ANSWERED = '1000';
  const sync = (deadlineMs: string) =>
    runCli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], {
      DATA_DIR: dir,
      CLI_TIMEOUT_MS: deadlineMs,
      LOG_LEVEL: 'silent',
    });

  test('the start never answered: exit 4, one line, the run id it may have started under', async () => {
    answerStart = false;
    const r = await sync(NEVER_ANSWERED);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^bc-contact-sync: the server at ${url} stopped answering \\(3 requests in a row got no answer within 300 ms each\\); ` +
          `run (${UUID}) may have started and still be going on the server: see it in the pane's History, ` +
          `or at GET /sync/v1/runs/\\1, once the server answers again\\n$`,
      ),
    );
  });

  test('the run started, then the polls went unanswered: exit 4, the run may still be going', async () => {
    answerStart = true;
    const r = await sync(ANSWERED);
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')).toEqual([
      expect.stringContaining('run f82f82f8-2f82-4f82-8f82-f82f82f82f82 may still be going on the server'),
      '',
    ]);
  });

  test('a bad CLI_TIMEOUT_MS is bad configuration: exit 2, one line, nothing sent', async () => {
    const r = await runCli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], {
      DATA_DIR: dir,
      CLI_TIMEOUT_MS: 'soon',
    });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'configuration: CLI_TIMEOUT_MS=soon: expected milliseconds from 100 to 3600000.\n',
    });
  });
});

// F111 (tester) as a user meets it: the server process dies mid-run (SIGKILL, crash). The CLI said
// "no answer … may still be going on the server"; the process is gone, so the run was interrupted.
describe('F111: the CLI on a server whose process ends mid-run', () => {
  test('the server process exits at the first poll: exit 1 (interrupted), one line: ended, run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcsync-ended-server-'));
    const id = 'f111f111-f111-4111-8111-f111f111f111';
    // A separate process stands in for the server: it answers the start, then dies at the first poll.
    const script = `
      const http = require('node:http');
      const s = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          if (req.method !== 'POST') process.exit(0);
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ record: { id: '${id}', status: 'running' }, progress: {}, active: true, plan: null }));
        });
      });
      s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<string>((done) =>
        child.stdout.once('data', (b: Buffer) => done(b.toString().trim())),
      );
      const url = `http://127.0.0.1:${port}`;
      writeFileSync(join(dir, 'server.json'), JSON.stringify({ url, adminToken: 'token', pid: child.pid }));
      const r = await runCli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], {
        DATA_DIR: dir,
        CLI_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'silent',
      });
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `bc-contact-sync: the server at ${url} ended (its process ${child.pid} no longer runs on this machine and nothing answers there); ` +
          `run ${id} was interrupted: the server marks it so when it starts again; run the sync again\n`,
      });
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
