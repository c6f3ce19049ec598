/**
 * `npm run bench`: every scenario of issue 12 §1 for our engine and BC's two algorithms, against
 * the Graph emulator (own process) and the facade's BC API on PostgreSQL (own process), each run
 * in a fresh process of its own; then the planner, Graph adapter and pane benchmarks. Writes
 * bench/results/latest.json, latest.md and latest.svg, and prints the table.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCompany } from './bc-data.js';
import { splitText } from './client.js';
import type { ClientInput, MeasuredResult, WallSplit } from './client.js';
import { BOUND_FORMULA, lowerBoundMs } from './bound.js';
import type { RequiredCalls } from './bound.js';
import { runMicro } from './micro.js';
import type { MicroResult } from './micro.js';
import { UsageError, parseOptions } from './options.js';
import type { BenchOptions, ClientName, ScenarioName } from './options.js';
import { cpuMsOf, memoryOf, meterDatabaseCpu, resetPeak, runChild, startChild } from './processes.js';
import { writeReport } from './report.js';
import { SCENARIO_DEFS } from './scenarios.js';
import { seedSyncedFolder } from './seed-outlook.js';
import { outOfSync } from './verify.js';
import { World, emulatorConfig } from './world.js';

export interface Row {
  readonly scenario: ScenarioName;
  readonly n: number;
  readonly client: ClientName;
  readonly status: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly graphHttp: number;
  readonly batchItems: number;
  readonly throttled: number;
  readonly bcRequests: number;
  readonly storeCalls: number | null;
  readonly written: number;
  readonly detail: string;
  readonly outOfSync: number;
  readonly stopped: boolean;
  readonly enginePeakMb: number;
  readonly emulatorPeakMb: number;
  /** CPU the facade (BC API) and the Graph emulator used during the run (ms): BC's work is not in the bound. */
  readonly facadeCpuMs: number;
  readonly emulatorCpuMs: number;
  /** CPU of the PostgreSQL processes serving the bench's database during the run (ms; 0 where /proc is not readable). */
  readonly databaseCpuMs: number;
  /** Where the run's wall time went (client-ours: which port had a call out), ms; null for reference clients. */
  readonly wallSplit: WallSplit | null;
  readonly boundMs: number;
  readonly ratio: number;
  readonly required: RequiredCalls;
}

export interface Results {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: BenchOptions;
  readonly boundFormula: string;
  /** Load average (1 min) at start and end, and the number of cores: a busy machine inflates wall times. */
  readonly load: { readonly start: number; readonly end: number; readonly cores: number };
  readonly rows: Row[];
  readonly micro: MicroResult[];
}

const MB = 1024 * 1024;
const ENGINE = 'bench/suite/engine-child.ts';
/** The warm-up folder's size, and the changes made in it before each measured process (see warmInputs). */
const WARM_N = 20;
const WARM_CHANGES = ['delta-bc-1pct', 'delta-outlook-1pct'] as const;

interface ClientWorld {
  companyId: string;
  upn: string;
  stateFile: string;
  lastMode: 'full' | 'delta' | null;
  clean: boolean;
}

async function withDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  // Ctrl-C still drops the database (the children end with this process's group).
  const onSignal = (): void =>
    void admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function runSize(options: BenchOptions, n: number, rows: Row[]): Promise<void> {
  await withDatabase(options.databaseUrl, async (databaseUrl) => {
    const dbName = new URL(databaseUrl).pathname.slice(1);
    const emulator = await startChild<{ url: string; adminToken: string; pid: number }>(
      'bench/suite/emulator-main.ts',
      [JSON.stringify(emulatorConfig(options.limits))],
    );
    const facade = await startChild<{ url: string; pid: number }>('bench/suite/facade-main.ts', [
      databaseUrl,
      emulator.info.url,
    ]);
    const stateDir = mkdtempSync(join(tmpdir(), 'bench-state-'));
    const world = new World(
      {
        graphUrl: emulator.info.url,
        graphAdminToken: emulator.info.adminToken,
        facadeUrl: facade.info.url,
        databaseUrl,
      },
      options.limits,
    );
    let seq = 0;
    try {
      for (const client of options.clients) {
        if (client !== 'ours' && n > options.refMaxN) continue;
        let cw: ClientWorld | null = null;
        const fresh = async (synced: boolean): Promise<ClientWorld> => {
          const id = `${client}-${n}-${++seq}`;
          const created: ClientWorld = {
            companyId: await createCompany(world.db, `Bench ${id}`, n),
            upn: `${id}@bench.test`,
            stateFile: join(stateDir, `${id}.json`),
            lastMode: null,
            clean: synced,
          };
          if (synced) {
            await world.fastLimits();
            await seedSyncedFolder(world, client, created.companyId, created.upn);
            if (client === 'bc-legacy') {
              // Legacy keeps only "Last Sync Date Time".
              writeFileSync(created.stateFile, JSON.stringify({ lastSync: new Date().toISOString() }));
              created.lastMode = 'full';
            } else await warmUp(created, 'full');
          }
          return created;
        };
        const input = async (
          c: ClientWorld,
          mode: 'full' | 'delta',
          appId: string,
          budgetMs: number,
        ): Promise<ClientInput> => ({
          mode,
          graphUrl: world.services.graphUrl,
          graphToken: await world.graphToken(appId),
          facadeUrl: world.services.facadeUrl,
          facadeToken: await world.bcToken(),
          companyId: c.companyId,
          upn: c.upn,
          databaseUrl,
          stateFile: c.stateFile,
          budgetMs,
          quota: { quota: options.limits.quota, windowMs: options.limits.windowMs },
        });
        // A small folder of the client's own that each measured process syncs first (warm code).
        const warmWorld: ClientWorld = await (async () => {
          const id = `${client}-${n}-warm`;
          const w: ClientWorld = {
            companyId: await createCompany(world.db, `Bench ${id}`, WARM_N),
            upn: `${id}@bench.test`,
            stateFile: join(stateDir, `${id}.json`),
            lastMode: null,
            clean: true,
          };
          await world.fastLimits();
          await seedSyncedFolder(world, client, w.companyId, w.upn);
          return w;
        })();
        // Changed on both sides before each measured process, whose warm-up delta writes them: the
        // measured run meets warm write paths (a BC change's Outlook update, an Outlook contact's BC
        // create and BC id stamp, an Outlook edit's BC update), as a long-running server's runs do.
        // With a folder that never changed, every write path of a measured delta was compiled on its
        // critical path (issue 12, delta-bc-1pct at 1,000: the Outlook updates' first send).
        let warmSeq = 0;
        const warmInputs = async (): Promise<string> => {
          const ctx = {
            world,
            n: WARM_N,
            companyId: warmWorld.companyId,
            upn: warmWorld.upn,
            tag: `w${++warmSeq}`,
          };
          await world.fastLimits();
          for (const name of WARM_CHANGES) await SCENARIO_DEFS[name].change?.(ctx);
          return JSON.stringify([
            await input(warmWorld, 'delta', 'bench-setup', 0),
            await input(warmWorld, 'full', 'bench-setup', 0),
          ]);
        };
        const warmUp = async (c: ClientWorld, mode: 'full' | 'delta'): Promise<void> => {
          await world.fastLimits();
          const r = await runChild<MeasuredResult>(ENGINE, [
            client,
            JSON.stringify(await input(c, mode, 'bench-setup', 0)),
          ]);
          c.lastMode = mode;
          if (r.status !== 'succeeded' && !r.status.startsWith('failed: delta expired'))
            process.stderr.write(`  warm-up ${client} ${mode}: ${r.status}\n`);
        };

        for (const name of options.scenarios) {
          const scenario = SCENARIO_DEFS[name];
          if (scenario.needs === 'empty') cw = await fresh(false);
          else if (!cw || !cw.clean) cw = await fresh(true);
          if (scenario.after && cw.lastMode !== scenario.after) await warmUp(cw, scenario.after);
          await world.fastLimits();
          const tag = `s${++seq}`;
          await scenario.change?.({ world, n, companyId: cw.companyId, upn: cw.upn, tag });
          const budget = client === 'ours' ? 0 : options.refBudgetMs;
          const runInput = await input(cw, scenario.mode, `bench-${tag}`, budget);
          let before = await world.counters();
          let cpuBefore = { facade: 0, emulator: 0 };
          let databaseCpu = { stop: (): number => 0 };
          const r = await runChild<MeasuredResult>(
            ENGINE,
            [client, JSON.stringify(runInput), await warmInputs()],
            async () => {
              await world.measuredLimits();
              before = await world.counters();
              resetPeak(emulator.info.pid);
              cpuBefore = {
                facade: cpuMsOf(facade.info.pid),
                emulator: cpuMsOf(emulator.info.pid),
              };
              databaseCpu = meterDatabaseCpu(dbName);
            },
          );
          const cpuAfter = {
            facade: cpuMsOf(facade.info.pid),
            emulator: cpuMsOf(emulator.info.pid),
            database: databaseCpu.stop(),
          };
          const after = await world.counters();
          const emuPeak = memoryOf(emulator.info.pid).hwm;
          await world.fastLimits();
          const off = await outOfSync(world, cw.companyId, cw.upn);
          const required = scenario.required(n);
          const boundMs = lowerBoundMs(required, options.limits);
          const row: Row = {
            scenario: name,
            n,
            client,
            status: r.status,
            wallMs: r.wallMs,
            cpuMs: r.cpuMs,
            graphHttp: after.requests - before.requests,
            batchItems: after.batchItems - before.batchItems,
            throttled: after.throttled - before.throttled,
            bcRequests: r.bcRequests,
            storeCalls: r.storeCalls,
            written: r.written,
            detail: r.detail,
            outOfSync: off,
            stopped: r.stopped,
            enginePeakMb: r.rssPeakOverIdle / MB,
            emulatorPeakMb: emuPeak / MB,
            facadeCpuMs: cpuAfter.facade - cpuBefore.facade,
            emulatorCpuMs: cpuAfter.emulator - cpuBefore.emulator,
            databaseCpuMs: cpuAfter.database,
            wallSplit: r.wallSplit ?? null,
            boundMs,
            ratio: r.wallMs / boundMs,
            required,
          };
          rows.push(row);
          printRow(row);
          cw.lastMode = scenario.mode;
          cw.clean = off === 0 && r.status === 'succeeded';
        }
      }
    } finally {
      await world.close();
      await facade.stop();
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
}

function printRow(r: Row): void {
  const s = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
  process.stdout.write(
    `  ${r.scenario.padEnd(18)} n=${String(r.n).padEnd(6)} ${r.client.padEnd(9)} ${r.status.padEnd(9)} ` +
      `${s(r.wallMs)} s (cpu ${s(r.cpuMs)} s, bound ${s(r.boundMs)} s, ratio ${r.ratio.toFixed(2)}) ` +
      `graph ${r.graphHttp} http/${r.batchItems} items/${r.throttled} 429, bc ${r.bcRequests}, store ${r.storeCalls ?? '-'}, ` +
      `written ${r.written} (${r.detail}), out of sync ${r.outOfSync}, engine +${r.enginePeakMb.toFixed(0)} MB, ` +
      `facade cpu ${s(r.facadeCpuMs)} s, emulator cpu ${s(r.emulatorCpuMs)} s, database cpu ${s(r.databaseCpuMs)} s` +
      `${r.wallSplit ? `, wall: ${splitText(r.wallSplit)}` : ''}\n`,
  );
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const startedAt = new Date().toISOString();
  const loadStart = loadavg()[0] ?? 0;
  const l = options.limits;
  process.stdout.write(
    `bench: latency ${l.latencyMs} ms per Graph call; ${l.concurrency} concurrent; quota ${l.quota} per ` +
      `${(l.windowMs / 1000).toFixed(0)} s (Outlook's 10,000 per 600 s, time compressed ${l.compress}x); ` +
      `sizes ${options.sizes.join(', ')}; reference budget ${options.refBudgetMs / 1000} s` +
      `${Number.isFinite(options.refMaxN) ? `, reference clients up to ${options.refMaxN} contacts` : ''}\n` +
      `lower bound: ${BOUND_FORMULA}\n`,
  );
  const rows: Row[] = [];
  if (options.scenarios.length > 0) for (const n of options.sizes) await runSize(options, n, rows);
  const micro: MicroResult[] = [];
  for (const m of options.micro) micro.push(await runMicro(m));
  mkdirSync(options.outDir, { recursive: true });
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    options,
    boundFormula: BOUND_FORMULA,
    load: { start: loadStart, end: loadavg()[0] ?? 0, cores: cpus().length },
    rows,
    micro,
  };
  const files = await writeReport(results, options.outDir);
  process.stdout.write(`\n${files.markdown}\nwritten: ${files.paths.join(', ')}\n`);
}

await main();
