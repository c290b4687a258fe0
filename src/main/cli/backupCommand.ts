import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Store } from '../store/index.ts';
import { backup, cliActor, imageStoreBeside } from '../records/index.ts';
import { printJson, UsageError } from './output.ts';

/**
 * `backup --db <file> --to <folder> [--images <dir>] [--keep <n>] [--verify-chain]`: an online
 * backup (the station may keep running) into a new timestamped folder; recorded as an audit event.
 * Exit 1 when an image did not match its SHA-256 name or the chain did not verify.
 */
export async function backupCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, to: { type: 'string' }, images: { type: 'string' }, keep: { type: 'string' }, 'verify-chain': { type: 'boolean' } },
    strict: true,
  });
  if (!values.db || !values.to) throw new UsageError('backup needs --db <file> and --to <folder>');
  if (!existsSync(values.db)) throw new UsageError(`backup: no database at ${values.db}`);
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new UsageError('backup: --keep is how many backups to keep, 1 or more');
  const store = Store.open(values.db);
  try {
    const result = await backup({
      store,
      imageStore: values.images ?? imageStoreBeside(values.db),
      to: values.to,
      by: cliActor(),
      keep,
      verifyChain: values['verify-chain'] ?? false,
    });
    const { images: _images, ...manifest } = result.manifest;
    printJson({ ok: result.ok, folder: result.folder, ms: result.ms, auditSeq: result.auditSeq, pruned: result.pruned, manifestSha256: result.manifestSha256, ...manifest });
    return result.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
