import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Serves the bundled sample district (data/sample/*.geojson) at /sample/ in dev and copies it into
 * the build, so the app opens with it loaded. SHEQU_SAMPLE_DIR points elsewhere (benchmarks).
 */
function sampleData(): Plugin {
  const dir = () => resolve(process.env.SHEQU_SAMPLE_DIR ?? 'data/sample');
  const files = () => (existsSync(dir()) ? readdirSync(dir()).filter((f) => f.endsWith('.geojson')) : []);
  return {
    name: 'shequ-sample-data',
    configureServer(server) {
      server.middlewares.use('/sample/', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
        if (!files().includes(name)) return next();
        res.setHeader('Content-Type', 'application/geo+json');
        res.end(readFileSync(join(dir(), name)));
      });
    },
    generateBundle() {
      for (const f of files())
        this.emitFile({ type: 'asset', fileName: `sample/${f}`, source: readFileSync(join(dir(), f)) });
    },
  };
}

export default defineConfig({
  plugins: [react(), sampleData()],
  base: './',
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 3000, sourcemap: false },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup/fastCheck.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
