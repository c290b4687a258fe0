import { parseArgs } from 'node:util';
import { restore, RestoreRefused } from '../records/index.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `restore --from <backup folder> --to <data dir>`: into an empty data folder only, then the
 * database, every image and the whole audit chain are checked. Exit 0 only when all of it holds.
 */
export async function restoreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.from || !values.to) throw new UsageError('restore needs --from <backup folder> and --to <empty data folder>');
  try {
    const result = await restore({ from: values.from, to: values.to });
    printJson(result);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof RestoreRefused) throw new UsageError(`restore: ${error.message}`);
    throw error;
  }
}
