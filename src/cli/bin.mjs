#!/usr/bin/env node
// @ts-check
/**
 * The `shequ` command: runs the compiled CLI in build/cli/, compiling it first when it is missing
 * or older than one of its sources (so a fresh clone, or an edited source, never runs stale code).
 * The check is a stat per source file, a few milliseconds.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const outDir = new URL('build/cli/', root);
const entry = new URL('shequ.mjs', outDir);

function stale() {
  /** @type {{startedMs: number, inputs: string[]}} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('stamp.json', outDir), 'utf8'));
    statSync(entry);
  } catch {
    return true;
  }
  for (const input of stamp.inputs) {
    const mtime = statSync(new URL(input, root), { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined || mtime > stamp.startedMs) return true;
  }
  return false;
}

if (stale()) {
  const { buildCli } = await import('./build.mjs');
  try {
    await buildCli();
  } catch (error) {
    // Without esbuild (an install without devDependencies) an existing build still runs.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ERR_MODULE_NOT_FOUND' || !existsSync(entry))
      throw error;
    process.stderr.write('shequ: esbuild is missing; running the existing build in build/cli\n');
  }
}
await import(entry.href);
