/**
 * `backfire <command> …`: dispatch, help, and the one error convention — a user's mistake is one
 * line on stderr, `backfire <command>: <what>`, and exit code 2; any other failure exits 1.
 */
import type { Writable } from 'node:stream';
import { CliError } from './errors.js';
import { evalCommand } from './eval-command.js';
import { replayCommand } from './replay-command.js';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** Subcommands. */
const COMMANDS: Readonly<Record<string, Command>> = { eval: evalCommand, replay: replayCommand };

export const HELP = `usage: backfire <command> [options]

Commands:
  eval <file.jsonl>      run labelled answers through the guard: catch rate, false halts, sweep
  replay <traces.jsonl>  re-run recorded calls under another config: what would halt now

Run "backfire <command> --help" for a command's options.`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr.write(
      `backfire: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})\n`,
    );
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    const usage = usageMessage(err);
    if (usage !== undefined) {
      io.stderr.write(`backfire ${name}: ${usage.message}\n`);
      return usage.exitCode;
    }
    io.stderr.write(
      `backfire ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}

/** A CliError, or one of node:util parseArgs' errors (an unknown flag, a missing value). */
function usageMessage(err: unknown): { message: string; exitCode: number } | undefined {
  if (err instanceof CliError) return { message: oneLine(err.message), exitCode: err.exitCode };
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    const message = (err as Error).message;
    const flag = /'(-[^']*)'/u.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
      return { message: `unknown option ${flag} (see --help)`, exitCode: 2 };
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
      return { message: `${flag.split(/[ ,]/u)[0]}: needs a value`, exitCode: 2 };
    }
    return { message: oneLine(message), exitCode: 2 };
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ').trim();
}
