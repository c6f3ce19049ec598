import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseCommandLine, UsageError, usageLine } from '../../src/cli/arguments.js';
import { thrownBy } from '../support/thrown.js';

/**
 * Issue 11 (tester's nit on F65): `doctor --user not-an-upn` exited 1 after running every check.
 * Bad arguments to any command are exit code 2 with one line on stderr, before the command acts
 * (design §4). The table is commands × bad arguments through the one parser every command uses;
 * the real binary then shows the exit code, the one line and that nothing ran, one row per command.
 */
const BAD: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['no command', [], /^no command given/],
  ['unknown command', ['synch'], /^unknown command "synch"/],
  ['an option as the command', ['--user', 'ann@contoso.com'], /^unknown command "--user"/],
  ['start: an option', ['start', '--port', '3000'], /^start: Unknown option '--port'/],
  ['start: a word', ['start', 'now'], /^start: Unexpected argument 'now'/],
  ['help: a word', ['help', 'sync'], /^help: Unexpected argument 'sync'/],
  ['sync: no --user', ['sync', '--mode', 'delta'], /^sync: --user is required: add --user ann@contoso.com /],
  [
    'sync: --user with no value',
    ['sync', '--mode', 'delta', '--user'],
    /^sync: --user <upn> needs a value, e.g. --user ann@contoso.com$/,
  ],
  // newuser: "sync --user --mode delta" said "Option '--user' argument is ambiguous. Did you forget
  // to specify the option argument for '--user'? To specify an option argument starting with a dash
  // use '--user=-XYZ'." — node's words for the same missing value.
  [
    'sync: --user followed by an option',
    ['sync', '--user', '--mode', 'delta'],
    /^sync: --user <upn> needs a value, e.g. --user ann@contoso.com$/,
  ],
  [
    'sync: --mode with no value',
    ['sync', '--user', 'ann@contoso.com', '--mode'],
    /^sync: --mode needs a value: delta or full$/,
  ],
  [
    'sync: --mode followed by an option',
    ['sync', '--mode', '--dry-run', '--user', 'ann@contoso.com'],
    /^sync: --mode needs a value: delta or full$/,
  ],
  ['sync: --user empty', ['sync', '--user', '', '--mode', 'delta'], /^sync: --user <upn> needs a value/],
  [
    'sync: --user not a UPN',
    ['sync', '--user', 'not-an-upn', '--mode', 'delta'],
    /^sync: --user not-an-upn is not a user principal name/,
  ],
  [
    'sync: --user with a space',
    ['sync', '--user', 'ann @contoso.com', '--mode', 'delta'],
    /is not a user principal name/,
  ],
  [
    'sync: no --mode',
    ['sync', '--user', 'ann@contoso.com'],
    /^sync: --mode is required: add --mode delta \(only what changed since the last sync\) or --mode full \(everything, both ways\)$/,
  ],
  [
    'sync: --mode empty',
    ['sync', '--user', 'ann@contoso.com', '--mode='],
    /^sync: --mode needs a value: delta or full$/,
  ],
  [
    'sync: --mode weekly',
    ['sync', '--user', 'ann@contoso.com', '--mode', 'weekly'],
    /^sync: --mode must be delta or full, not weekly$/,
  ],
  [
    'sync: --mode twice',
    ['sync', '--user', 'ann@contoso.com', '--mode', 'full', '--mode', 'delta'],
    /^sync: --mode is given more than once$/,
  ],
  [
    'sync: --user twice',
    ['sync', '--user', 'ann@contoso.com', '--user', 'bo@contoso.com', '--mode', 'delta'],
    /^sync: --user is given more than once$/,
  ],
  [
    'sync: a value on a switch',
    ['sync', '--user', 'ann@contoso.com', '--mode', 'delta', '--dry-run=yes'],
    /^sync: Option '--dry-run' does not take an argument/,
  ],
  [
    'sync: unknown option',
    ['sync', '--user', 'ann@contoso.com', '--mode', 'delta', '--force'],
    /^sync: Unknown option '--force'/,
  ],
  [
    'sync: a word',
    ['sync', 'ann@contoso.com', '--mode', 'delta'],
    /^sync: Unexpected argument 'ann@contoso.com'/,
  ],
  [
    'doctor: --user not a UPN',
    ['doctor', '--user', 'not-an-upn'],
    /^doctor: --user not-an-upn is not a user principal name/,
  ],
  ['doctor: --user empty', ['doctor', '--user='], /^doctor: --user <upn> needs a value/],
  [
    'doctor: --user with no value',
    ['doctor', '--user'],
    /^doctor: --user <upn> needs a value, e.g. --user ann@contoso.com$/,
  ],
  [
    'doctor: --user twice',
    ['doctor', '--user', 'ann@contoso.com', '--user', 'bo@contoso.com'],
    /^doctor: --user is given more than once$/,
  ],
  ['doctor: a sync option', ['doctor', '--mode', 'delta'], /^doctor: Unknown option '--mode'/],
  ['doctor: a word', ['doctor', 'ann@contoso.com'], /^doctor: Unexpected argument 'ann@contoso.com'/],
];

/*
 * helper newuser: `sync … --dryrun` said only "Unknown option '--dryrun'", and `start --port 3001`
 * did not say that start's settings are environment variables. An unknown option names what the
 * command takes, for every command (the example: --dryrun beside --dry-run).
 */
const TAKES: Readonly<Record<string, string>> = {
  start:
    'start takes no options: its settings are environment variables (PORT=3001 npm start; README "Configuration")',
  sync: 'sync takes --user, --mode, --dry-run, --confirm-mass-delete',
  doctor: 'doctor takes --user',
  help: 'help takes no options',
};

describe('an unknown option names the options the command takes', () => {
  test.each(Object.entries(TAKES))('%s', (command, takes) => {
    for (const option of ['--dryrun', '--port', '-x']) {
      const thrown = thrownBy(() => parseCommandLine([command, option]));
      expect((thrown as UsageError).message).toBe(`${command}: Unknown option '${option}'; ${takes}`);
    }
  });

  test('the example: sync --dryrun', () => {
    const argv = ['sync', '--user', 'ann@contoso.com', '--mode', 'delta', '--dryrun'];
    expect(usageLine(thrownBy(() => parseCommandLine(argv)) as UsageError)).toBe(
      `bc-contact-sync: sync: Unknown option '--dryrun'; ${TAKES.sync}\n`,
    );
  });
});

/*
 * helper newuser: `sync --user ann@contoso.com` said only "--mode must be delta or full", neither
 * that --mode was missing nor what to add. Every option sync cannot run without, left out of a
 * command line that runs, is named as missing with what to add; and what it says to add, added,
 * runs (each alternative it offers).
 */
describe('a missing required option says what to add, and that runs', () => {
  const WHOLE = ['--user', 'ann@contoso.com', '--mode', 'delta', '--dry-run'];
  const required = ['--user', '--mode'];

  test.each(required)('sync without %s', (option) => {
    const at = WHOLE.indexOf(option);
    const without = ['sync', ...WHOLE.slice(0, at), ...WHOLE.slice(at + 2)];
    const message = (thrownBy(() => parseCommandLine(without)) as UsageError).message;
    expect(message).toMatch(new RegExp(`^sync: ${option} is required: add ${option} `));
    const suggested = [...message.slice(message.indexOf(': add ')).matchAll(/(--[\w-]+) ([^\s(]+)/g)].filter(
      ([, name]) => name === option,
    );
    expect(suggested.length).toBeGreaterThan(0);
    for (const [, name, value] of suggested)
      expect(parseCommandLine([...without, name!, value!])).toMatchObject({ command: 'sync' });
  });

  test('with neither, --user is named first', () => {
    expect((thrownBy(() => parseCommandLine(['sync', '--dry-run'])) as UsageError).message).toMatch(
      /^sync: --user is required/,
    );
  });
});

describe('every command refuses bad arguments the same way', () => {
  test.each(BAD)('%s', (_name, argv, message) => {
    const thrown = thrownBy(() => parseCommandLine(argv));
    expect(thrown).toBeInstanceOf(UsageError);
    const line = usageLine(thrown as UsageError);
    expect(line).toMatch(/^bc-contact-sync: [^\n]+\n$/);
    expect((thrown as UsageError).message).toMatch(message);
  });

  test('every command of the usage text is in the table', () => {
    const commands = new Set(BAD.map(([, argv]) => argv[0]));
    for (const command of ['start', 'sync', 'doctor', 'help']) expect(commands).toContain(command);
  });

  // Tester: `sync --help` and `doctor --help` exited 2 "Unknown option '--help'" instead of the usage.
  test.each([
    ['start', '--help'],
    ['sync', '--help'],
    ['sync', '--user', 'ann@contoso.com', '-h'],
    ['doctor', '--help'],
    ['doctor', '-h', '--user', 'ann@contoso.com'],
  ])('a command given --help or -h asks for the usage: %s %s', (...argv) => {
    expect(parseCommandLine(argv)).toEqual({ command: 'help' });
  });

  test('the good forms still parse', () => {
    expect(parseCommandLine(['start'])).toEqual({ command: 'start' });
    expect(parseCommandLine(['help'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['doctor'])).toEqual({ command: 'doctor' });
    expect(parseCommandLine(['doctor', '--user', 'ann@contoso.com'])).toEqual({
      command: 'doctor',
      user: 'ann@contoso.com',
    });
    const key = '72f988bf-86f1-41af-91ab-2d7cd011db47:a0a0a0a0-0000-4000-8000-000000000001';
    expect(parseCommandLine(['doctor', `--user=${key}`])).toEqual({ command: 'doctor', user: key });
    expect(
      parseCommandLine(['sync', '--mode', 'full', '--user', key, '--dry-run', '--confirm-mass-delete']),
    ).toEqual({
      command: 'sync',
      args: { user: key, mode: 'full', dryRun: true, confirmMassDelete: true },
    });
  });

  test('a message that spans lines is still one line', () => {
    expect(usageLine(new UsageError('doctor: one\n  two\n'))).toBe('bc-contact-sync: doctor: one two\n');
  });
});

describe('the binary: exit code 2, one line on stderr, nothing on stdout, nothing started', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bcsync-cli-args-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A process that acted on a bad `start` would listen until killed: 120 s ends it as a failure. */
  const cli = (argv: readonly string[]) =>
    new Promise<{ code: number | string; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/bc-contact-sync.js', ...argv],
        {
          env: {
            ...process.env,
            DATA_DIR: dir,
            PORT: '0',
            HTTPS: '0',
            PANE_BUILD: '0',
            SCHEDULER: '0',
            LOG_LEVEL: 'silent',
          },
          timeout: 600_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (error.code ?? String(error.signal)) : 0, stdout, stderr }),
      );
    });

  test.each([
    ['doctor', ['doctor', '--user', 'not-an-upn']],
    ['sync', ['sync', '--user', 'ann@contoso.com', '--mode', 'full', '--mode', 'delta']],
    ['sync without --mode', ['sync', '--user', 'ann@contoso.com']],
    ['start', ['start', '--port', '3000']],
    ['help', ['help', 'sync']],
    ['no command', []],
  ] as const)('%s', async (_name, argv) => {
    const r = await cli(argv);
    const row = BAD.find(([, bad]) => bad.join('\u0000') === argv.join('\u0000'));
    expect(row).toBeDefined();
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^bc-contact-sync: /), '']);
    expect(r.stderr.trimEnd().slice('bc-contact-sync: '.length)).toMatch(row![2]);
  });
});
