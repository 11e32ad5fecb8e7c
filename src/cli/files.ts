/** Reading input files and checking output paths for the commands, with bilingual messages. */
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { decodeText } from '../core/io/formats/readers';
import { CliError } from './args';

function why(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'ENOENT (no such file)';
  if (e.code === 'EISDIR') return 'EISDIR (a folder, not a file)';
  return e.code ?? e.message;
}

/**
 * A text input file, decoded from its bytes (UTF-8, else GB18030/GBK as Chinese offices often save
 * them). `what` names the file's role (buildings, graph…) in both languages.
 */
export function readInputText(
  path: string,
  what: { en: string; zh: string },
): { name: string; text: string } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(
      `cannot read the ${what.en} file ${path}: ${why(error)}`,
      `无法读取${what.zh}文件 ${path}：${why(error)}`,
    );
  }
  return { name: basename(path), text: decodeText(bytes).text };
}

/**
 * Creates the output folder (and its parents) before any work, so a path that cannot be written is
 * refused at once rather than after minutes of planning.
 */
export function prepareOutDir(path: string, flag: string): void {
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new CliError(
      `--${flag} ${path}: cannot create or write this folder: ${why(error)}`,
      `--${flag} ${path}：无法创建或写入该文件夹：${why(error)}`,
    );
  }
}

/** Checks before any work that an output file can be written: its folder exists and is writable. */
export function checkOutFile(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  const fail = (en: string, zh: string) =>
    new CliError(`--${flag} ${path}: ${en}`, `--${flag} ${path}：${zh}`);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    throw fail(
      `its folder ${dir} does not exist (${why(error)})`,
      `所在文件夹 ${dir} 不存在（${why(error)}）`,
    );
  }
  if (!isDir) throw fail(`${dir} is not a folder`, `${dir} 不是文件夹`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw fail(`cannot write in ${dir} (${why(error)})`, `无法写入 ${dir}（${why(error)}）`);
  }
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch {
    return; // not there yet: it will be created
  }
  if (target.isDirectory()) throw fail('is a folder, not a file', '是文件夹，不是文件');
}
