// The admin CLI: `npm run -s cli -- <command>`. Output is the command's own, as JSON lines.
import { decodeCommand, FRAME_DECODERS } from './decodeCommand.ts';
import { describeFailure, OutputClosed, quietStdoutErrors } from './output.ts';

type Run = (argv: string[]) => number | Promise<number>;

/**
 * A command's code, loaded when that command runs: each command is one process, and loading every
 * command's code (the station, PDF, PostgreSQL, the CSV reader…) for `tracking` cost most of its
 * start.
 */
function lazy<K extends string>(load: () => Promise<Record<K, Run>>, name: K): Run {
  return async (argv) => (await load())[name](argv);
}

const COMMANDS: Record<string, { run: Run; usage: string }> = {
  serve: { run: lazy(() => import('./serveCommand.ts'), 'serveCommand'), usage: 'serve [--demo] [--db <file>] [--data <dir>] [--port <n>]   the station for a browser on 127.0.0.1; data folder: --data, else the folder of --db' },
  verify: { run: lazy(() => import('./verifyCommand.ts'), 'verifyInItsOwnProcess'), usage: 'verify --db <file> [--full] [--head <seq>:<sha256> | --against <file>] | --export <file>   the chain and state tables (verify --help)' },
  export: { run: lazy(() => import('./exportCommand.ts'), 'exportCommand'), usage: 'export --db <file> --from <date> --to <date> --out <file> [--by <badge>]   audit events of a period' },
  report: { run: lazy(() => import('./reportCommand.ts'), 'reportCommand'), usage: 'report incident|custody|daily --db <file> --out <file> (--incident <n> | --item <custody ID or tracking n> | --date YYYY-MM-DD)' },
  history: { run: lazy(() => import('./historyCommand.ts'), 'historyCommand'), usage: 'history --db <file> [--item <custody ID or tracking n>]   audit events, oldest first' },
  tracking: { run: lazy(() => import('./trackingCommand.ts'), 'trackingCommand'), usage: 'tracking <code>                       recognize a carrier tracking number' },
  devices: { run: lazy(() => import('./devicesCommand.ts'), 'devicesCommand'), usage: 'devices [--data <dir>]                configured devices and what is plugged in now' },
  decode: { run: decodeCommand, usage: `decode <protocol> [--hex] <data>      decode one device frame (${Object.keys(FRAME_DECODERS).join(', ')})` },
  backup: { run: lazy(() => import('./backupCommand.ts'), 'backupCommand'), usage: 'backup --db <file> --to <folder> [--images <dir>] [--keep <n>] [--verify-chain]   online backup with the image store' },
  restore: { run: lazy(() => import('./restoreCommand.ts'), 'restoreCommand'), usage: 'restore --from <backup folder> --to <empty data dir>   restore, then verify the chain' },
  purge: { run: lazy(() => import('./purgeCommand.ts'), 'purgeCommand'), usage: 'purge --db <file> [--images <dir>] [--dry-run]   remove what is past retention (audited)' },
  unlock: { run: lazy(() => import('./unlockCommand.ts'), 'unlockCommand'), usage: 'unlock --badge <badge> --db <file>     clear a badge\'s PIN lockout from the station itself (audited)' },
  operator: { run: lazy(() => import('./operatorCommand.ts'), 'operatorCommand'), usage: 'operator list --db <file> | operator reset-pin --badge <badge> --db <file>   operators; a forgotten PIN reset (new PIN on stdin, changed at next login; audited)' },
  site: { run: lazy(() => import('./siteCommand.ts'), 'siteCommand'), usage: 'site init | add-station <id> | add-console <name> | rebuild | project | roster | directory | serve --postgres <connection string>   the site database: schema, roles, projections, roster, directory, the console (site --help)' },
  directory: { run: lazy(() => import('./directoryCommand.ts'), 'directoryCommand'), usage: 'directory import <file.csv> --db <file> [--apply [--allow-removing-all]]   preview a directory export (CSV), apply it with --apply (audited)' },
  search: { run: lazy(() => import('./searchCommand.ts'), 'searchCommand'), usage: 'search --db <file> [<text>] [--tracking n] [--custody id] [--recipient w] [--from d] [--to d] [--state S]... [--limit n] [--cursor c]' },
};

function usage(): string {
  return ['usage: npm run -s cli -- <command>', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stderr.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`mailscreen: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // `search … | head`: the reader has what it wanted; nothing failed.
    if (error instanceof OutputClosed) return 0;
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`mailscreen: ${error.message}\n${usage()}\n`);
      return 2;
    }
    // Never a raw stack: a refusal is one line (exit 2), a fault one line and a hint (exit 1).
    const failure = describeFailure(error);
    process.stderr.write(failure.text);
    return failure.exitCode;
  }
}

// Owner-only before any command runs: the CLI creates databases, backups, reports and exports of personal data.
process.umask(0o077);
quietStdoutErrors();
process.exitCode = await main(process.argv.slice(2));
