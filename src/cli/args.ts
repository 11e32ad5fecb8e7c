/**
 * Flags for the command line: each command declares its flags, and anything else is refused with
 * the nearest known flag suggested (a typo such as --road for --roads must not be silently ignored).
 * Every message is given in Chinese and in English (CliError).
 */

/** Bad input on the command line: said in both languages; the process exits 2 without a stack. */
export class CliError extends Error {
  readonly zh: string;
  constructor(en: string, zh: string) {
    super(en);
    this.name = 'CliError';
    this.zh = zh;
  }
}

export interface Flag {
  /** Placeholder of the value in --help (`N`, `FILE`); absent for a bare switch. */
  value?: string;
  en: string;
  zh: string;
  /** Shown in --help; the code that reads the flag applies it. */
  default?: string;
}

export type Flags = Readonly<Record<string, Flag>>;

/** Parsed flags: name → value ('true' for a switch). */
export type FlagValues = Map<string, string>;

const HELP: Flag = { en: 'print this help', zh: '显示本帮助' };

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name nearest to `name`, when it is near enough to be a typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = levenshtein(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  // One edit for short names, two or a third of the name for longer ones: --road → --roads,
  // --graf → --graph, --buidings → --buildings, but --x is not taken for --k.
  const near = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
  return bestD <= near ? best : undefined;
}

/**
 * Reads `--name value`, `--name=value` and bare switches against the declared flags. `-h` is
 * `--help`. Unknown flags, missing values, repeated flags and stray words are refused.
 */
export function parseFlags(argv: readonly string[], flags: Flags): FlagValues {
  const all: Flags = { ...flags, help: HELP };
  const out: FlagValues = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      out.set('help', 'true');
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new CliError(
        `unexpected argument "${arg}" (flags start with --)`,
        `无法识别的参数 "${arg}"（参数以 -- 开头）`,
      );
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const flag = all[name];
    if (!flag) {
      const near = nearest(name, Object.keys(all));
      throw near
        ? new CliError(
            `unknown flag --${name}; did you mean --${near}?`,
            `未知参数 --${name}，是不是 --${near}？`,
          )
        : new CliError(
            `unknown flag --${name}; the flags are ${Object.keys(all)
              .map((k) => `--${k}`)
              .join(', ')}`,
            `未知参数 --${name}；可用参数：${Object.keys(all)
              .map((k) => `--${k}`)
              .join('、')}`,
          );
    }
    if (out.has(name)) throw new CliError(`--${name} is given twice`, `参数 --${name} 出现了两次`);
    if (flag.value === undefined) {
      if (eq > 0) throw new CliError(`--${name} takes no value`, `参数 --${name} 不带值`);
      out.set(name, 'true');
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A negative number is a value (so that it can be refused by name), another flag is not.
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '')
      throw new CliError(
        `--${name} needs a value (${flag.value})`,
        `参数 --${name} 需要一个值（${flag.value}）`,
      );
    out.set(name, value);
  }
  return out;
}

/** Usage line plus one line per flag, in both languages. */
export function helpText(usage: string, flags: Flags): string {
  const all: Flags = { ...flags, help: HELP };
  const names = Object.keys(all).map((k) => {
    const f = all[k]!;
    return f.value === undefined ? `--${k}` : `--${k} ${f.value}`;
  });
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = [usage, ''];
  Object.keys(all).forEach((k, i) => {
    const f = all[k]!;
    const dflt = f.default === undefined ? '' : ` (default ${f.default})`;
    lines.push(`  ${names[i]!.padEnd(width)}${f.en}${dflt}`);
    lines.push(`  ${''.padEnd(width)}${f.zh}${f.default === undefined ? '' : `（默认 ${f.default}）`}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The value of a flag the command cannot run without. */
export function required(args: FlagValues, name: string): string {
  const v = args.get(name);
  if (v === undefined) throw new CliError(`--${name} is required`, `缺少必需参数 --${name}`);
  return v;
}

interface NumberRule {
  /** Smallest value allowed. */
  min?: number;
  /** The value must be greater than this (0 for "positive"). */
  above?: number;
  max?: number;
  integer?: boolean;
}

function describe(rule: NumberRule): { en: string; zh: string } {
  const kind = rule.integer ? { en: 'a whole number', zh: '整数' } : { en: 'a number', zh: '数' };
  if (rule.above !== undefined)
    return { en: `${kind.en} greater than ${rule.above}`, zh: `大于 ${rule.above} 的${kind.zh}` };
  if (rule.min !== undefined && rule.max !== undefined)
    return {
      en: `${kind.en} from ${rule.min} to ${rule.max}`,
      zh: `${rule.min} 到 ${rule.max} 之间的${kind.zh}`,
    };
  if (rule.min !== undefined)
    return { en: `${kind.en} of at least ${rule.min}`, zh: `不小于 ${rule.min} 的${kind.zh}` };
  return { en: kind.en, zh: kind.zh };
}

/** A number flag checked against its rule; undefined when it is absent. */
export function numberFlag(args: FlagValues, name: string, rule: NumberRule): number | undefined {
  const raw = args.get(name);
  if (raw === undefined) return undefined;
  const x = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(x) &&
    (!rule.integer || Number.isInteger(x)) &&
    (rule.min === undefined || x >= rule.min) &&
    (rule.above === undefined || x > rule.above) &&
    (rule.max === undefined || x <= rule.max);
  if (!ok) {
    const d = describe(rule);
    throw new CliError(
      `--${name} must be ${d.en} (got "${raw}")`,
      `参数 --${name} 须为${d.zh}（收到 "${raw}"）`,
    );
  }
  return x;
}

/** A flag that takes one of a few words. */
export function choiceFlag<T extends string>(
  args: FlagValues,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = args.get(name);
  if (raw === undefined) return undefined;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const list = choices.join(', ');
  throw new CliError(
    `--${name} must be one of ${list} (got "${raw}")`,
    `参数 --${name} 须为 ${choices.join('、')} 之一（收到 "${raw}"）`,
  );
}

/** Prints a CliError in both languages (Chinese first) and gives the exit code 2. */
export function reportCliError(command: string, error: CliError): number {
  process.stderr.write(`${command}: ${error.zh}\n${command}: ${error.message}\n`);
  return 2;
}

/**
 * The loose parser the benchmark scripts use (`--name value` pairs and bare switches, anything
 * accepted); the commands themselves use parseFlags.
 */
export function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}" (flags start with --)`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      out.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(a.slice(2), 'true');
    else {
      out.set(a.slice(2), next);
      i++;
    }
  }
  return out;
}

export function numberArg(args: Map<string, string>, name: string, fallback: number): number {
  const v = args.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got "${v}")`);
  return n;
}
