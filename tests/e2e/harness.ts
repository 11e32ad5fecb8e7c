/**
 * Shared e2e plumbing: build once, serve dist/ with `vite preview`, drive Debian's Chromium with
 * playwright-core, and collect every console error and page error (any one fails the run).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { ViewState } from '../../src/state/view';

/** What the app exposes on window for tests (read-only use). */
export interface TestWindow {
  __shequ: { viewStore: { getState(): ViewState } };
  __map: MapLibreMap;
}

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

/** A build of the app; `e2e` mode (the default here) has the test hooks (src/testHooks.ts). */
export function build(env: Record<string, string> = {}, outDir = 'dist', mode = 'e2e'): void {
  execFileSync(
    'npx',
    ['vite', 'build', '--mode', mode, '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
}

export async function preview(port: number, outDir = 'dist'): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--outDir', outDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Requests that left the preview origin (the app must make none). */
  external: string[];
}

export async function open(browser: Browser, origin: string, width = 1600, height = 1000): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width, height },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) external.push(u);
  });
  return { context, page, errors, external };
}

export function shotPath(name: string): string {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, `${name}.png`);
}

let failures = 0;
let passes = 0;
export async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  try {
    await fn();
    passes++;
    console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failures++;
    console.log(`  ✗ ${name}\n    ${(err as Error).stack ?? err}`);
    throw err;
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

export function summary(): number {
  console.log(`\n${passes} passed, ${failures} failed`);
  return failures;
}
