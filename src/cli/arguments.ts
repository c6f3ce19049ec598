import { parseArgs } from 'node:util';
import { MAX_USER_NAME_LENGTH } from '../platform/server-options.js';

/**
 * The command line's arguments, read in full before any command does anything (design §4: bad
 * input is exit code 2 with one line on stderr). Every command goes through `parseCommandLine`, so
 * an unknown option, a stray word, a repeated option or a bad value is refused the same way for
 * each; `main` turns the UsageError into the line and the exit code.
 */

/**
 * Bad input: `message` is the one line (without the program's prefix) main prints on stderr.
 * Words that span lines (a library's, e.g. node:util parseArgs) are joined where the error is made,
 * so no one patches a message later.
 */
export class UsageError extends Error {
  constructor(words: string) {
    super(
      words
        .split(/\s*\n\s*/)
        .join(' ')
        .trim(),
    );
  }
}

function fail(words: string): never {
  throw new UsageError(words);
}

export interface SyncArgs {
  readonly user: string;
  readonly mode: 'delta' | 'full';
  readonly dryRun: boolean;
  readonly confirmMassDelete: boolean;
}

/** What the command line asks for. */
export type CommandLine =
  | { readonly command: 'start' }
  | { readonly command: 'sync'; readonly args: SyncArgs }
  | { readonly command: 'doctor'; readonly user?: string }
  | { readonly command: 'help' };

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/**
 * node:util's parseArgs, strict, no positionals, and no option given twice (parseArgs keeps the
 * last silently, so `--mode full --mode delta` would run a delta the user may not have meant).
 */
function parseOptions<T extends OptionSpec>(command: string, argv: readonly string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    // A string option with no value: parseArgs says "argument missing", or "argument is ambiguous …
    // use '--user=-XYZ'" when the next word is an option (`sync --user --mode delta`); both are the
    // same mistake, said as the other refusals of a value are.
    const name = /^Option '--([\w-]+)/.exec((e as Error).message)?.[1];
    const missing = (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
    if (missing && name !== undefined && options[name]?.type === 'string')
      fail(`${command}: --${name} ${VALUE_WANTED[name] ?? '<value> needs a value'}`);
    // An unknown option says which the command takes (`--dryrun` for `--dry-run`: helper newuser).
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      fail(`${command}: ${firstSentence((e as Error).message)}; ${takes(command, options)}`);
    fail(`${command}: ${(e as Error).message}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) fail(`${command}: --${token.name} is given more than once`);
    seen.add(token.name);
  }
  return parsed.values;
}

/** parseArgs' first sentence (its second, on `--` before a positional, does not apply: none is taken). */
function firstSentence(message: string): string {
  return message.split(/\.\s/)[0]!;
}

/** The options `command` takes, as its usage names them. */
function takes(command: string, options: OptionSpec): string {
  const names = Object.keys(options).map((name) => `--${name}`);
  if (names.length > 0) return `${command} takes ${names.join(', ')}`;
  // `start --port 3001` is the first guess of a second product on one machine.
  return command === 'start'
    ? 'start takes no options: its settings are environment variables (PORT=3001 npm start; README "Configuration")'
    : `${command} takes no options`;
}

/** What a string option wants, after its name, when it was given none. */
const VALUE_WANTED: Readonly<Record<string, string>> = {
  user: '<upn> needs a value, e.g. --user ann@contoso.com',
  mode: 'needs a value: delta or full',
};

/** The options `sync` cannot run without, in the order a missing one is named. */
const SYNC_REQUIRED = ['user', 'mode'] as const;

/**
 * What to add when a required option is missing, as a line that can be copied: `sync --user ann@…`
 * without --mode said only "--mode must be delta or full" (helper newuser), not that it was missing
 * nor what each mode does.
 */
const ADD: Readonly<Record<(typeof SYNC_REQUIRED)[number], string>> = {
  user: '--user is required: add --user ann@contoso.com (the user whose contacts to sync)',
  mode:
    '--mode is required: add --mode delta (only what changed since the last sync) ' +
    'or --mode full (everything, both ways)',
};

const UPN = /^[^\s@]+@[^\s@]+$/;
const USER_KEY = /^[0-9a-z-]+:[0-9a-z-]+$/i;

/** `--user`: a user principal name or the user key <tenant id>:<object id> (the two forms users resolve). */
function userArg(command: string, user: string | undefined): string {
  if (user === undefined || user === '')
    fail(`${command}: --user <upn> needs a value, e.g. --user ann@contoso.com`);
  // The server refuses a longer one (a 400 the CLI reported as a failed run, exit 1, not bad input).
  if (user.length > MAX_USER_NAME_LENGTH)
    fail(`${command}: --user is ${user.length} characters long; a user has at most ${MAX_USER_NAME_LENGTH}`);
  if (!UPN.test(user) && !USER_KEY.test(user))
    fail(
      `${command}: --user ${user} is not a user principal name like ann@contoso.com or a user key <tenant id>:<object id>`,
    );
  return user;
}

function parseSync(argv: readonly string[]): SyncArgs {
  const values = parseOptions('sync', argv, {
    user: { type: 'string' },
    mode: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'confirm-mass-delete': { type: 'boolean' },
  });
  for (const name of SYNC_REQUIRED) if (values[name] === undefined) fail(`sync: ${ADD[name]}`);
  const user = userArg('sync', values.user);
  const mode = values.mode;
  if (mode === '') fail(`sync: --mode ${VALUE_WANTED.mode}`);
  if (mode !== 'delta' && mode !== 'full') fail(`sync: --mode must be delta or full, not ${mode}`);
  return {
    user,
    mode,
    dryRun: values['dry-run'] ?? false,
    confirmMassDelete: values['confirm-mass-delete'] ?? false,
  };
}

function parseDoctor(argv: readonly string[]): { command: 'doctor'; user?: string } {
  const values = parseOptions('doctor', argv, { user: { type: 'string' } });
  return values.user === undefined
    ? { command: 'doctor' }
    : { command: 'doctor', user: userArg('doctor', values.user) };
}

const COMMANDS = 'start, sync, doctor, help';
const HELP = new Set(['--help', '-h']);

/** The whole command line (process.argv after the script), or a UsageError naming what is wrong. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [command, ...rest] = argv;
  // `sync --help` asks for the usage, as `--help` alone does; it was refused as an unknown option, exit 2.
  if (COMMANDS.split(', ').includes(command ?? '') && command !== 'help' && rest.some((a) => HELP.has(a)))
    return { command: 'help' };
  switch (command) {
    case 'start':
      parseOptions('start', rest, {});
      return { command: 'start' };
    case 'sync':
      return { command: 'sync', args: parseSync(rest) };
    case 'doctor':
      return parseDoctor(rest);
    case 'help':
    case '--help':
    case '-h':
      parseOptions('help', rest, {});
      return { command: 'help' };
    case undefined:
      return fail(`no command given (${COMMANDS}); try: bc-contact-sync help`);
    default:
      return fail(`unknown command "${command}" (${COMMANDS}); try: bc-contact-sync help`);
  }
}

/** The one line for a UsageError (`fail` made its message one line). */
export function usageLine(e: UsageError): string {
  return `bc-contact-sync: ${e.message}\n`;
}
