import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startStation } from '../core/index.ts';
import { stderrLog } from '../log.ts';
import { StationConfigInvalid } from '../core/index.ts';
import { startWebHost } from '../hosts/web/index.ts';
import { printableFileName } from '../../hardware/index.ts';
import { printJson, UsageError } from './output.ts';
import { flushCompileCache } from 'node:module';
import { runWithStationSettings } from './stationSettings.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The one line serve says when it chose the data folder itself (--data not given). */
export function dataFolderNotice(dataDir: string, fromDb: boolean): string {
  const why = fromDb ? 'the folder of --db' : "the checkout's data/";
  return `mailscreen: data folder ${printableFileName(dataDir)} (${why}; --data <dir> chooses another): station.json, X-ray images and SOP files are read and kept there`;
}

/**
 * `serve [--demo] [--db <file>] [--data <dir>] [--port <n>]`: the station over the web host.
 * Prints exactly one line {"url": ...} once it serves, then runs until SIGINT/SIGTERM and closes
 * the database cleanly. The data folder (station.json, X-ray images, SOP files) is --data, else
 * the folder of --db, else the checkout's data/; without --data, stderr says which it is.
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
  // Before anything is opened or said: the relaunched process starts over with the same arguments.
  runWithStationSettings('serve');
  const dbPath = values.db ? path.resolve(values.db) : undefined;
  const dataDir = path.resolve(values.data ?? (dbPath ? path.dirname(dbPath) : path.join(REPO_ROOT, 'data')));
  // Not silently: the data folder holds more than the database, and --db alone chooses it.
  if (values.data === undefined) process.stderr.write(`${dataFolderNotice(dataDir, dbPath !== undefined)}\n`);

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
  // Listening before the URL is out: whoever reads it may stop the station at once, and that
  // must still close the database (a signal with no listener yet would kill the process).
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    printJson({ url: host.url });
    // The compile cache is otherwise written only as the process exits: a station that is killed
    // would strip its TypeScript again at the next start.
    flushCompileCache();
  } catch (error) {
    // Nobody can read the URL (its reader has gone): a station nobody can open is closed again.
    await host.close();
    await station.close();
    throw error;
  }

  await stopped;
  await host.close();
  await station.close();
  return 0;
}
