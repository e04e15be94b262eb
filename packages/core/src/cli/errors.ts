/**
 * A problem the user can fix (a bad flag, a bad input line, a missing file): printed as one line,
 * `backfire <command>: <message>`, exit code 2. Anything else that goes wrong exits 1.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
