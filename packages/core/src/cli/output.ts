import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './errors.js';

/** Fails early (before any work) when `file` could not be written: its folder is missing. */
export function checkWritable(file: string, flag: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(`${flag} ${file}: folder ${dir} does not exist`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new CliError(`${flag} ${file}: is a directory`);
  }
}

/**
 * Writes `file` atomically: a temporary file beside it, then a rename over it, so a reader never
 * sees half a report and a failure leaves the old file (or none) in place.
 */
export function writeFileAtomic(file: string, content: string): void {
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    throw new CliError(`cannot write ${file} (${(err as Error).message})`, 1);
  }
}
