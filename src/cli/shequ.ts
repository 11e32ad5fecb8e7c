/**
 * shequ: the planner's command line. `shequ split|partition|generate …`; each command is loaded
 * only when asked for, so a run parses just the code it uses. Compiled to build/cli/ (see
 * build.mjs) and started through bin.mjs.
 */
import { CliError, nearest, reportCliError } from './args';

interface Command {
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, { load: () => Promise<Command>; en: string; zh: string }> = {
  split: {
    load: () => import('./split'),
    en: 'plan a district from GeoJSON files',
    zh: '根据 GeoJSON 文件拆分社区',
  },
  partition: {
    load: () => import('./partition'),
    en: 'run the partitioner alone on an atom graph',
    zh: '只在原子图上运行分区算法',
  },
  generate: {
    load: () => import('./generate'),
    en: 'write a seeded synthetic district',
    zh: '生成合成片区数据',
  },
};

function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = [
    'usage: shequ <command> [flags]   (shequ <command> --help lists its flags)',
    '用法：shequ <命令> [参数]',
    '',
  ];
  for (const n of names) lines.push(`  ${n.padEnd(width)}${COMMANDS[n]!.en} / ${COMMANDS[n]!.zh}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process[name === undefined ? 'stderr' : 'stdout'].write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const near = nearest(name, Object.keys(COMMANDS));
    const known = Object.keys(COMMANDS).join(', ');
    return reportCliError(
      'shequ',
      new CliError(
        `unknown command "${name}"${near ? `; did you mean ${near}?` : ''} (commands: ${known})`,
        `未知命令 "${name}"${near ? `，是不是 ${near}？` : ''}（可用命令：${Object.keys(COMMANDS).join('、')}）`,
      ),
    );
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof CliError) return reportCliError(name, error);
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
