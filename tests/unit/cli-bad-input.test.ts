/**
 * The command line refusing bad input: every case exits 2 with one message in Chinese and one in
 * English naming the flag (or file), no stack trace, and nothing planned or written. Also the split
 * flags mapped to plan options (--preset, --big-compounds, service room, notice) and files in GBK.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridInputArgs, writeGridFiles } from '../helpers/fixtures';

const root = join(import.meta.dirname, '..', '..');
const shequ = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs'), ...args], { encoding: 'utf8', cwd: root });

let dir = '';
/** The single-community grid district (测试社区, code T): 16 compounds of 999 households. */
let inputs: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-cli-bad-'));
  writeGridFiles(dir);
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  inputs = gridInputArgs(dir);
});

/** A refusal: exit 2, Chinese then English, each line prefixed with the command, no stack. */
function expectRefused(r: ReturnType<typeof shequ>, command: string, en: RegExp, zh: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(new RegExp(`^${command}: `));
  expect(lines[0]).toMatch(zh);
  expect(lines[1]).toMatch(new RegExp(`^${command}: `));
  expect(lines[1]).toMatch(en);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
}

describe('shequ split refuses bad flags before any work', () => {
  it('--target 0 (was a crash with a stack trace)', () => {
    const r = shequ(['split', ...inputs, '--target', '0', '--out', join(dir, 'o1')]);
    expectRefused(
      r,
      'split',
      /--target must be a number greater than 0 \(got "0"\)/,
      /--target 须为大于 0 的数/,
    );
  });

  it('--jobs abc (was a crash)', () => {
    const r = shequ(['split', ...inputs, '--jobs', 'abc', '--out', join(dir, 'o2')]);
    expectRefused(
      r,
      'split',
      /--jobs must be a whole number of at least 1 \(got "abc"\)/,
      /--jobs 须为不小于 1 的整数（收到 "abc"）/,
    );
  });

  it('an unknown flag, with the near one suggested (--road was ignored: "0% on roads")', () => {
    const r = shequ(['split', ...inputs, '--road', join(dir, 'r.geojson'), '--out', join(dir, 'o3')]);
    expectRefused(
      r,
      'split',
      /unknown flag --road; did you mean --roads\?/,
      /未知参数 --road，是不是 --roads？/,
    );
    const far = shequ(['split', ...inputs, '--colour', 'red', '--out', join(dir, 'o3')]);
    expectRefused(
      far,
      'split',
      /unknown flag --colour; the flags are --buildings, --communities/,
      /未知参数 --colour/,
    );
  });

  it('an --out folder that cannot be created is refused before the input is even read', () => {
    const out = join(dir, 'a-file', 'out');
    // The buildings file does not exist either: the --out refusal shows that it came first.
    const r = shequ([
      'split',
      '--buildings',
      join(dir, 'missing.geojson'),
      '--communities',
      join(dir, 'c.geojson'),
      '--out',
      out,
    ]);
    expectRefused(
      r,
      'split',
      /--out .*a-file\/out: cannot create or write this folder: ENOTDIR/,
      /--out .*无法创建或写入该文件夹/,
    );
  });

  it('a --graph-out file in a folder that does not exist is refused before the input is read', () => {
    const out = join(dir, 'o5');
    const r = shequ([
      'split',
      '--buildings',
      join(dir, 'missing.geojson'),
      '--communities',
      join(dir, 'c.geojson'),
      '--graph-out',
      join(dir, 'no-such-folder', 'g.json'),
      '--out',
      out,
    ]);
    expectRefused(
      r,
      'split',
      /--graph-out .*g\.json: its folder .*no-such-folder does not exist/,
      /所在文件夹 .* 不存在/,
    );
    expect(existsSync(join(out, 'units.geojson'))).toBe(false);
  });

  it('--units naming a community that does not exist, listing the known ones', () => {
    const r = shequ(['split', ...inputs, '--units', '无此社区=2', '--out', join(dir, 'o6')]);
    expectRefused(
      r,
      'split',
      /--units names 无此社区, not a community in the communities file; the communities are: 测试社区 \(T\)$/,
      /--units 中的 无此社区 不是社区文件中的社区；现有社区：测试社区 \(T\)$/,
    );
  });

  it.each([
    ['--min', '-5', /--min must be a number greater than 0 \(got "-5"\)/],
    ['--max', 'NaN', /--max must be a number greater than 0 \(got "NaN"\)/],
    ['--split-over', '0', /--split-over must be a number greater than 0/],
    ['--target', 'Infinity', /--target must be a number greater than 0 \(got "Infinity"\)/],
    ['--restarts', '0', /--restarts must be a whole number of at least 1 \(got "0"\)/],
    ['--seed', '1.5', /--seed must be a whole number of at least 0 \(got "1.5"\)/],
    ['--jobs', '-2', /--jobs must be a whole number of at least 1 \(got "-2"\)/],
    ['--compactness', '-1', /--compactness must be a number of at least 0/],
    ['--simplify', 'abc', /--simplify must be a number of at least 0 \(got "abc"\)/],
    ['--notice-over', '0', /--notice-over must be a number greater than 0 \(got "0"\)/],
    ['--service-room-min', '-300', /--service-room-min must be a number of at least 0 \(got "-300"\)/],
    ['--service-room-per-100', 'x', /--service-room-per-100 must be a number of at least 0 \(got "x"\)/],
    ['--units', '0', /--units takes a number of units, or NAME=N,NAME2=M per community \(got "0"\)/],
    ['--units', 'T=two', /--units takes a number of units.*\(got "T=two"\)/],
    ['--preset', '2000-4000', /--preset must be one of 1500-3500, 1000-3000 \(got "2000-4000"\)/],
    ['--big-compounds', 'merge', /--big-compounds must be one of split, keep \(got "merge"\)/],
  ])('%s %s', (flag, value, en) => {
    const r = shequ(['split', ...inputs, flag, value, '--out', join(dir, 'o7')]);
    expectRefused(r, 'split', en, new RegExp(`参数 ${flag} 须为`));
  });

  it('--min above --max, and --target outside them', () => {
    const r = shequ(['split', ...inputs, '--min', '4000', '--out', join(dir, 'o8')]);
    expectRefused(
      r,
      'split',
      /--min \(4000\) must not exceed --max \(3500\)/,
      /--min（4000）不能大于 --max（3500）/,
    );
    const t = shequ(['split', ...inputs, '--target', '5000', '--out', join(dir, 'o8')]);
    expectRefused(
      t,
      'split',
      /--target \(5000\) must lie between --min \(1500\) and --max \(3500\)/,
      /--target（5000）须在 --min（1500）与 --max（3500）之间/,
    );
  });

  it('a flag without its value, a flag given twice, a stray word', () => {
    expectRefused(
      shequ(['split', ...inputs, '--out', join(dir, 'o9'), '--seed']),
      'split',
      /--seed needs a value \(N\)/,
      /参数 --seed 需要一个值/,
    );
    expectRefused(
      shequ(['split', ...inputs, '--seed', '1', '--seed', '2', '--out', join(dir, 'o9')]),
      'split',
      /--seed is given twice/,
      /参数 --seed 出现了两次/,
    );
    expectRefused(
      shequ(['split', ...inputs, 'extra', '--out', join(dir, 'o9')]),
      'split',
      /unexpected argument "extra"/,
      /无法识别的参数 "extra"/,
    );
  });
});

describe('shequ partition and generate refuse bad flags', () => {
  it('partition --min above --max, before reading the graph', () => {
    const r = shequ([
      'partition',
      '--graph',
      join(dir, 'missing.json'),
      '--min',
      '4000',
      '--max',
      '3500',
      '--out',
      join(dir, 'a.json'),
    ]);
    expectRefused(
      r,
      'partition',
      /--min \(4000\) must not exceed --max \(3500\)/,
      /--min（4000）不能大于 --max（3500）/,
    );
  });

  it.each([
    ['--k', '0', /--k must be a whole number of at least 1 \(got "0"\)/],
    ['--max', '0', /--max must be a number greater than 0 \(got "0"\)/],
    ['--target', '-2500', /--target must be a number greater than 0 \(got "-2500"\)/],
    ['--min', 'NaN', /--min must be a number of at least 0 \(got "NaN"\)/],
    ['--restarts', '2.5', /--restarts must be a whole number of at least 1/],
  ])('partition %s %s', (flag, value, en) => {
    const r = shequ(['partition', '--graph', join(dir, 'g.json'), flag, value, '--out', join(dir, 'a.json')]);
    expectRefused(r, 'partition', en, new RegExp(`参数 ${flag} 须为`));
  });

  it('partition: an --out in a folder that does not exist, an unknown flag, a graph that is not one', () => {
    writeFileSync(join(dir, 'bad-graph.json'), '{"nodes": [{"id": 1}], "edges": []}');
    expectRefused(
      shequ(['partition', '--graph', join(dir, 'bad-graph.json'), '--out', join(dir, 'nowhere', 'a.json')]),
      'partition',
      /--out .*a\.json: its folder .*nowhere does not exist/,
      /所在文件夹 .* 不存在/,
    );
    expectRefused(
      shequ(['partition', '--graf', 'g.json', '--out', join(dir, 'a.json')]),
      'partition',
      /unknown flag --graf; did you mean --graph\?/,
      /未知参数 --graf，是不是 --graph？/,
    );
    expectRefused(
      shequ(['partition', '--graph', join(dir, 'bad-graph.json'), '--out', join(dir, 'a.json')]),
      'partition',
      /invalid graph .*bad-graph\.json: nodes\[0\]\.households must be a non-negative number, got undefined/,
      /图文件 .*bad-graph\.json 无效/,
    );
  });

  it.each([
    [['--buildings', '0'], /--buildings must be a whole number from 1 to 1000000 \(got "0"\)/],
    [['--point-share', '2'], /--point-share must be a number from 0 to 1 \(got "2"\)/],
    [['--centre', '114.0'], /--centre must be LON,LAT in degrees \(got "114.0"\)/],
    [['--compound-roads', 'half'], /--compound-roads must be one of all, some, none \(got "half"\)/],
  ])('generate %s', (flag, en) => {
    const r = shequ(['generate', ...flag, '--out', join(dir, 'gen')]);
    expectRefused(r, 'generate', en, /参数 --/);
  });

  it('an unknown command, with the near one suggested', () => {
    const r = shequ(['splt', '--help']);
    expectRefused(
      r,
      'shequ',
      /unknown command "splt"; did you mean split\?/,
      /未知命令 "splt"，是不是 split？/,
    );
  });
});

describe('--help lists every flag', () => {
  const expected: Record<string, string[]> = {
    split: [
      'buildings',
      'communities',
      'roads',
      'facilities',
      'out',
      'graph-out',
      'preset',
      'min',
      'max',
      'target',
      'split-over',
      'units',
      'big-compounds',
      'service-room-min',
      'service-room-per-100',
      'notice-over',
      'seed',
      'restarts',
      'compactness',
      'simplify',
      'households-field',
      'jobs',
      'help',
    ],
    partition: ['graph', 'out', 'min', 'max', 'k', 'target', 'seed', 'restarts', 'compactness', 'help'],
    generate: ['buildings', 'seed', 'out', 'point-share', 'centre', 'compound-roads', 'help'],
  };
  it.each(Object.keys(expected))('%s --help', (command) => {
    const r = shequ([command, '--help']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(expected[command]);
  });
});

describe('split flags reach the plan', () => {
  const report = (out: string) => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));

  it('--preset 1000-3000 sets min, max and target; an explicit --min wins; the plan follows', () => {
    const out = join(dir, 'preset');
    const r = shequ(['split', ...inputs, '--preset', '1000-3000', '--min', '1200', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rep = report(out);
    expect(rep.options).toMatchObject({ min: 1200, max: 3000, target: 2000 });
    // 16 compounds × 999 = 15,984 households: round(15,984 / 2,000) = 8 units.
    expect(rep.communities[0]).toMatchObject({ status: 'split', k: 8 });
  });

  it('--big-compounds, --service-room-min, --service-room-per-100 and --notice-over', () => {
    const out = join(dir, 'options');
    const r = shequ([
      'split',
      ...inputs,
      '--big-compounds',
      'keep',
      '--service-room-min',
      '250',
      '--service-room-per-100',
      '20',
      '--notice-over',
      '2900',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(report(out).options).toMatchObject({
      bigCompounds: 'keep',
      serviceCentreMinArea: 250,
      serviceCentrePer100: 20,
      noticeOver: 2900,
    });
  });

  it('reads a communities file saved in UTF-16 with a BOM', () => {
    const file = join(dir, 'c-utf16.geojson');
    const text = readFileSync(join(dir, 'c.geojson'), 'utf8');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const out = join(dir, 'utf16');
    const r = shequ(['split', '--buildings', join(dir, 'b.geojson'), '--communities', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(report(out).communities[0]).toMatchObject({ name: '测试社区', status: 'split' });
  });

  it('reads a communities file saved in GBK, and --units matches its Chinese name', () => {
    // 测试社区 in GBK, encoded by hand; the decoder check below makes sure the bytes are right.
    const gbk = Uint8Array.from([0xb2, 0xe2, 0xca, 0xd4, 0xc9, 0xe7, 0xc7, 0xf8]);
    expect(new TextDecoder('gb18030').decode(gbk)).toBe('测试社区');
    const [before, after] = readFileSync(join(dir, 'c.geojson'), 'utf8').split('测试社区');
    const file = join(dir, 'c-gbk.geojson');
    writeFileSync(file, Buffer.concat([Buffer.from(before!, 'ascii'), gbk, Buffer.from(after!, 'ascii')]));
    const out = join(dir, 'gbk');
    const r = shequ([
      'split',
      '--buildings',
      join(dir, 'b.geojson'),
      '--communities',
      file,
      '--roads',
      join(dir, 'r.geojson'),
      '--units',
      '测试社区=7',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const rep = report(out);
    // 7 is not the default (round(15,984 / 2,500) = 6): the name was matched.
    expect(rep.communities[0]).toMatchObject({ name: '测试社区', status: 'split', k: 7 });
    const units = JSON.parse(readFileSync(join(out, 'units.geojson'), 'utf8'));
    expect(
      new Set(units.features.map((f: { properties: { community: string } }) => f.properties.community)),
    ).toEqual(new Set(['测试社区']));
  });
});
