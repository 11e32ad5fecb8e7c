// @ts-check
/**
 * Compiles the command line into build/cli/ with esbuild: the `shequ` entry (each command a chunk
 * loaded on demand) and the planning worker, dependencies bundled in, so a run neither transpiles
 * TypeScript nor resolves hundreds of module files. `npm ci` runs it (prepare); bin.mjs runs it again
 * whenever a source of the build is newer than the build.
 *
 *   node src/cli/build.mjs
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const outDir = join(root, 'build', 'cli');
/** Lists the build's inputs and when it was started: bin.mjs compares their times with it. */
export const stampFile = join(outDir, 'stamp.json');

/** Builds the CLI; returns the output files' names. Safe to run in several processes at once. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedMs = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { shequ: 'src/cli/shequ.ts', planWorker: 'src/cli/planWorker.ts' },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS dependencies call require(): give ES modules one.
    banner: {
      js: "import { createRequire as __shequRequire } from 'node:module'; const require = __shequRequire(import.meta.url);",
    },
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [unusedReaderImportsDropped],
  });
  mkdirSync(outDir, { recursive: true });
  // Chunks first, entries last, each written whole then renamed: a process starting meanwhile
  // sees either the old build or the new one. Chunk names carry a hash of their content.
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  // Paths relative to the repository with / (bin.mjs resolves them as URLs); this script is one
  // of the inputs too: a change in how the CLI is built rebuilds it.
  const inputs = [
    'src/cli/build.mjs',
    ...Object.keys(result.metafile.inputs).map((p) => relative(root, join(root, p)).replaceAll('\\', '/')),
  ];
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ startedMs, inputs }));
  renameSync(tmp, stampFile);
  // Chunks of earlier builds, once no run can still be loading them.
  const keep = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(outDir)) {
    const path = join(outDir, name);
    if (name.startsWith('chunk-') && !keep.has(name) && Date.now() - statSync(path).mtimeMs > 600_000)
      rmSync(path, { force: true });
  }
  return files.map((f) => relative(root, f.path));
}

/**
 * What the file readers' module imports counts as free of side effects, so that it is left out of
 * the build when unused: decodeText sits there next to the Excel, zip, Shapefile and coordinate
 * system readers, and the CLI, which uses only decodeText, must not load those (0.9 MB, with
 * proj4's projection table built at load) at every start.
 * @type {import('esbuild').Plugin}
 */
const unusedReaderImportsDropped = {
  name: 'unused-reader-imports-dropped',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || !args.importer.endsWith(join('io', 'formats', 'readers.ts')))
        return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length || resolved.external) return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

/** @param {string} path */
function isEntry(path) {
  return !basename(path).startsWith('chunk-');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  try {
    const files = await buildCli();
    process.stdout.write(
      `built ${files.length} files in ${relative(root, outDir)} in ${Math.round(performance.now() - t0)} ms\n`,
    );
  } catch (error) {
    // An install without devDependencies has no esbuild: it must not fail for that (prepare).
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write('esbuild is not installed: the CLI is not compiled (npm ci installs it)\n');
  }
}
