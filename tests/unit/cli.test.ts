import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridDistrict, gridInputArgs, writeGridFiles } from '../helpers/fixtures';

const root = join(import.meta.dirname, '..', '..');
// The command as shipped: the `shequ` bin, which runs the compiled CLI (compiling it when stale).
const split = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs'), 'split', ...args], {
    encoding: 'utf8',
    cwd: root,
  });

function writeFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-cli-'));
  writeGridFiles(dir);
  return dir;
}

describe('npm run split', () => {
  it('writes units.geojson, assignment.csv, report.json and the atom graph', () => {
    const dir = writeFixture();
    const out = join(dir, 'out');
    const r = split([...gridInputArgs(dir), '--graph-out', join(dir, 'g.json'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const units = JSON.parse(readFileSync(join(out, 'units.geojson'), 'utf8'));
    expect(units.features).toHaveLength(6);
    expect(Object.keys(units.features[0].properties)).toEqual(
      expect.arrayContaining([
        'unit',
        'community',
        'name',
        'households',
        'buildings',
        'compounds',
        'area_m2',
        'polsby_popper',
        'road_boundary_share',
        'has_service_centre',
      ]),
    );
    const csv = readFileSync(join(out, 'assignment.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('building_id,unit');
    expect(csv).toHaveLength(1 + 144);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.communities[0]).toMatchObject({ status: 'split', k: 6, kRange: { lo: 5, hi: 10 } });
    expect(report.timings_ms.mesh).toBeGreaterThan(0);
    const graph = JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8'));
    expect(graph.nodes).toHaveLength(16);
    expect(graph.nodes[0]).toEqual(expect.objectContaining({ id: 'T:0', households: 999 }));
    expect(graph.edges.length).toBeGreaterThan(0);
  });

  it('writes the same plan with communities shared among worker threads (--jobs 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shequ-cli-'));
    const files = gridDistrict({
      blocks: 6,
      size: 150,
      perSide: 2,
      households: () => 200,
      twoCommunities: true,
    });
    writeFileSync(join(dir, 'b.geojson'), files.buildings.text);
    writeFileSync(join(dir, 'c.geojson'), files.communities.text);
    writeFileSync(join(dir, 'r.geojson'), files.roads.text);
    const run = (jobs: string) => {
      const out = join(dir, `out-${jobs}`);
      const r = split([...gridInputArgs(dir), '--jobs', jobs, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return ['units.geojson', 'assignment.csv'].map((f) => readFileSync(join(out, f), 'utf8'));
    };
    const one = run('1');
    expect(run('2')).toEqual(one);
    expect(JSON.parse(one[0]!).features.length).toBeGreaterThan(2);
  });

  it('exits non-zero with a clear message when a file cannot be read', () => {
    const dir = writeFixture();
    const r = split([
      '--buildings',
      join(dir, 'missing.geojson'),
      '--communities',
      join(dir, 'c.geojson'),
      '--out',
      join(dir, 'o'),
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot read the buildings file .*missing\.geojson: ENOENT/);
  });

  it('exits non-zero naming the feature when coordinates are projected', () => {
    const dir = writeFixture();
    writeFileSync(
      join(dir, 'p.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'X9', households: 3 },
            geometry: { type: 'Point', coordinates: [38500000, 3400000] },
          },
        ],
      }),
    );
    const r = split([
      '--buildings',
      join(dir, 'p.geojson'),
      '--communities',
      join(dir, 'c.geojson'),
      '--out',
      join(dir, 'o'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /p\.geojson feature X9: coordinate \[38500000, 3400000\] is not longitude\/latitude/,
    );
  });

  it('names the missing required flag, in both languages', () => {
    const r = split(['--buildings', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('split: 缺少必需参数 --communities\nsplit: --communities is required\n');
  });
});
