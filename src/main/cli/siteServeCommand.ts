import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONSOLE_MODE_KEY, CONSOLE_MODE_VALUE } from '../../shared/contract/index.ts';
import { argumentsRefusal, incidentViewsOfEvents, NO_OPERATOR_PIN, pinKey } from '../core/index.ts';
import { startWebHost } from '../hosts/web/index.ts';
import { CONSOLE_MIGRATION, SITE_MIGRATIONS, SiteConsole } from '../site/index.ts';
import { stderrLog } from '../log.ts';
import { printJson, UsageError } from './output.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The console reads through the indexes of this site schema version. */
const CONSOLE_SCHEMA = CONSOLE_MIGRATION.version;

/** A console reviewer's PIN as the stations hash it; an unknown badge costs the same scrypt as a known one. */
const consolePinKey = (pin: string, salt: string | null) => pinKey(pin, salt ?? NO_OPERATOR_PIN.salt);

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * `site serve --postgres <console connection string> [--port n] [--renderer dir]`: the security
 * office's console, the same screens in their site mode, over the web host (loopback, per-start
 * token in the fragment). It reads the site database and nothing else: no devices, no station
 * database, no projector (run `site project --follow` beside it). Prints one line {"url": ...}
 * once it serves, then runs until SIGINT/SIGTERM.
 */
export async function siteServeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { postgres: { type: 'string' }, port: { type: 'string', default: '0' }, renderer: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`site serve: unexpected ${JSON.stringify(positionals[0])}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`site serve: --port must be 0-65535, not ${values.port}`);
  const connectionString = values.postgres ?? process.env.MAILSCREEN_SITE_CONSOLE;
  if (!connectionString) {
    throw new UsageError('site serve needs --postgres <console connection string> (site add-console prints one; or MAILSCREEN_SITE_CONSOLE); the password from PGPASSWORD or ~/.pgpass');
  }
  const rendererDir = path.resolve(values.renderer ?? path.join(REPO_ROOT, 'out/renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new UsageError(`site serve: the screens are not built (${rendererDir}/index.html is missing). Run: npm run build`);

  const log = stderrLog('mailscreen-console');
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection (console kept running):', reason));
  const siteConsole = new SiteConsole({ connectionString, version: packageVersion(), argumentsRefusal, pinKey: consolePinKey, incidentViews: incidentViewsOfEvents, log, validateResponses: process.env.MAILSCREEN_VALIDATE_RESPONSES === '1' });
  // The site is asked once before serving: a console that cannot read it says so now, in one line.
  const info = await siteConsole.connect().call('console.info', {});
  if (!info.ok) {
    await siteConsole.close();
    throw new UsageError(`site serve: ${info.error.message.replace(/\. The console asks again on its next refresh\.$/, '')}`);
  }
  const schema = (info.value as { schema: number }).schema;
  const known = Math.max(...SITE_MIGRATIONS.map((m) => m.version));
  if (schema < CONSOLE_SCHEMA) {
    await siteConsole.close();
    throw new UsageError(`site serve: the site database's schema is version ${schema}; the console needs ${CONSOLE_SCHEMA} or later: run site init (as the site admin) first`);
  }
  if (schema > known) log.warn(`the site database's schema is version ${schema}, newer than this console knows (${known}): update Mailscreen if a screen fails`);

  let host;
  try {
    host = await startWebHost({ endpoint: siteConsole, rendererDir, port, log });
  } catch (error) {
    await siteConsole.close();
    throw error;
  }
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    printJson({ url: `${host.url}&${CONSOLE_MODE_KEY}=${CONSOLE_MODE_VALUE}` });
  } catch (error) {
    await host.close();
    await siteConsole.close();
    throw error;
  }
  await stopped;
  await host.close();
  await siteConsole.close();
  return 0;
}
