#!/usr/bin/env node
/** The `backfire` command. Everything but the process glue is in run.ts (testable in-process). */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
