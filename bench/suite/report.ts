/** The suite's outputs: latest.json (everything), latest.md (the table) and latest.svg (the chart). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { splitText } from './client.js';
import type { Results, Row } from './main.js';

const secs = (ms: number): string => (ms >= 10_000 ? (ms / 1000).toFixed(0) : (ms / 1000).toFixed(2));

function rowCells(r: Row): string[] {
  const ratio = r.client === 'ours' || !r.stopped ? r.ratio.toFixed(2) : `>${r.ratio.toFixed(1)}`;
  return [
    r.scenario,
    r.n.toLocaleString('en'),
    r.client,
    r.stopped ? `stopped at budget` : r.status,
    `${r.stopped ? '>' : ''}${secs(r.wallMs)}`,
    secs(r.cpuMs),
    String(r.graphHttp),
    String(r.batchItems),
    String(r.throttled),
    String(r.bcRequests),
    r.storeCalls === null ? '–' : String(r.storeCalls),
    String(r.written),
    String(r.outOfSync),
    r.enginePeakMb.toFixed(0),
    r.emulatorPeakMb.toFixed(0),
    secs(r.facadeCpuMs),
    secs(r.boundMs),
    ratio,
    r.wallSplit ? splitText(r.wallSplit) : '–',
  ];
}

const HEADER = [
  'scenario',
  'n',
  'client',
  'status',
  'wall s',
  'engine CPU s',
  'Graph HTTP',
  'batch items',
  '429s',
  'BC requests',
  'store calls',
  'written',
  'out of sync',
  'engine peak MB',
  'emulator MB',
  'BC facade CPU s',
  'bound s',
  'ratio',
  'wall by port out',
];

export function markdown(results: Results): string {
  const l = results.options.limits;
  const lines = [
    `# Benchmark ${results.startedAt}`,
    '',
    `Emulator on loopback in its own process: ${l.latencyMs} ms per Graph call (batch items included), ` +
      `${l.concurrency} concurrent per mailbox, quota ${l.quota} per ${(l.windowMs / 1000).toFixed(0)} s ` +
      `(Outlook's 10,000 per 600 s, time compressed ${l.compress}x). Facade (BC API) on PostgreSQL in its own process. ` +
      `Each run in a fresh process; "engine peak MB" is that process's peak resident memory over its idle baseline. ` +
      `Reference clients stop after ${results.options.refBudgetMs / 1000} s ("stopped at budget")` +
      `${Number.isFinite(results.options.refMaxN) ? ` and run only up to ${results.options.refMaxN} contacts` : ''}. ` +
      `"out of sync" counts contacts that differ between BC and the folder after the run (lost writes).`,
    '',
    `Lower bound: ${results.boundFormula}. ratio = wall / bound.`,
    '',
    `"BC facade CPU s" is the CPU the facade's process used during the run (BC's work, which the bound leaves out). ` +
      `"wall by port out" splits the run's wall time by which port had a call out: Graph first (what the bound models), ` +
      `else BC, else the state store, else none (the engine's own work, or waiting for a core); ` +
      `"not Graph" places the time no Graph call was out: before the first Graph call, between Graph calls, after the last answer; ` +
      `"serial" counts each port's calls on the chain the run's end waited on (each call the one that ended last before the next started): ` +
      `the round trips in series, which load does not change.`,
    '',
    `Machine: ${results.load.cores} cores, load average ${results.load.start.toFixed(1)} at start and ` +
      `${results.load.end.toFixed(1)} at the end (wall times on a busy machine are inflated; CPU times less so).`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...results.rows.map((r) => `| ${rowCells(r).join(' | ')} |`),
  ];
  if (results.micro.length > 0) {
    lines.push('', '| benchmark | figures | target |', '| --- | --- | --- |');
    for (const m of results.micro) {
      const figures = Object.entries(m.figures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      lines.push(`| ${m.name} | ${m.ok ? figures : `failed: ${figures}`} | ${m.target} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Wall time per scenario and client (log scale), one panel per folder size, the bound as a tick. */
export async function chart(results: Results): Promise<string> {
  const values = results.rows.map((r) => ({
    scenario: r.scenario,
    client: r.client,
    n: r.n,
    seconds: Math.max(0.001, r.wallMs / 1000),
    bound: Math.max(0.001, r.boundMs / 1000),
    outOfSync: r.outOfSync,
  }));
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Wall time per scenario (log scale; black tick = lower bound) — latency ${results.options.limits.latencyMs} ms`,
    data: { values },
    facet: { row: { field: 'n', type: 'ordinal', title: 'contacts' } },
    spec: {
      width: 640,
      height: 180,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'scenario', type: 'nominal', sort: null, title: null },
            xOffset: { field: 'client' },
            y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
            color: { field: 'client', type: 'nominal' },
            tooltip: [{ field: 'seconds' }, { field: 'outOfSync' }],
          },
        },
        {
          mark: { type: 'tick', color: 'black', thickness: 2 },
          encoding: {
            x: { field: 'scenario', type: 'nominal', sort: null },
            y: { field: 'bound', type: 'quantitative' },
          },
        },
      ],
    },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

export async function writeReport(
  results: Results,
  dir: string,
): Promise<{ markdown: string; paths: string[] }> {
  const md = markdown(results);
  const paths = [join(dir, 'latest.json'), join(dir, 'latest.md'), join(dir, 'latest.svg')];
  writeFileSync(paths[0] as string, JSON.stringify(results, null, 2));
  writeFileSync(paths[1] as string, md);
  writeFileSync(
    paths[2] as string,
    results.rows.length > 0 ? await chart(results) : '<svg xmlns="http://www.w3.org/2000/svg"/>',
  );
  return { markdown: md, paths };
}
