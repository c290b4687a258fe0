import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startStation } from '../core/index.ts';
import { stderrLog } from '../log.ts';
import { StationConfigInvalid } from '../core/index.ts';
import { startWebHost } from '../hosts/web/index.ts';
import { printJson, UsageError } from './output.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * `serve [--demo] [--db <file>] [--data <dir>] [--port <n>]`: the station over the web host.
 * Prints exactly one line {"url": ...} once it serves, then runs until SIGINT/SIGTERM and closes
 * the database cleanly.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      db: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      renderer: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port must be 0-65535, not ${values.port}`);
  const rendererDir = path.resolve(values.renderer ?? path.join(REPO_ROOT, 'out/renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new UsageError(`serve: the screens are not built (${rendererDir}/index.html is missing). Run: npm run build`);
  }
  const dbPath = values.db ? path.resolve(values.db) : undefined;
  const dataDir = path.resolve(values.data ?? (dbPath ? path.dirname(dbPath) : path.join(REPO_ROOT, 'data')));

  // The station stays up: a stray rejection is a bug to report, not a reason to drop every screen
  // (the tests fail on any; in service it is logged and the work goes on).
  const log = stderrLog();
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection (station kept running):', reason));
  let station;
  try {
    station = await startStation({ dataDir, dbPath, demo: values.demo });
  } catch (error) {
    // A station.json the station cannot use is the admin's to fix: one line, exit 2, no stack.
    if (error instanceof StationConfigInvalid) throw new UsageError(`serve: ${error.message}`);
    throw error;
  }
  let host;
  try {
    host = await startWebHost({ endpoint: station.endpoint, rendererDir, port });
  } catch (error) {
    await station.close();
    throw error;
  }
  printJson({ url: host.url });

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await station.close();
  return 0;
}
