#!/usr/bin/env node
// @ts-check
/**
 * The `shequ` command: runs the compiled CLI in build/cli/, compiling it first when it is missing
 * or older than one of its sources (so a fresh clone, or an edited source, never runs stale code).
 * The check is a stat per source file, a few milliseconds.
 */
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const outDir = new URL('build/cli/', root);

function stale() {
  /** @type {{startedMs: number, inputs: string[]}} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('stamp.json', outDir), 'utf8'));
    statSync(new URL('shequ.mjs', outDir));
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
  await buildCli();
}
await import(new URL('shequ.mjs', outDir).href);
