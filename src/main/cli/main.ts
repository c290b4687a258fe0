// The admin CLI: `npm run -s cli -- <command>`. Output is the command's own, as JSON lines.
import { decodeCommand } from './decodeCommand.ts';
import { historyCommand } from './historyCommand.ts';
import { UsageError } from './output.ts';
import { serveCommand } from './serveCommand.ts';
import { trackingCommand } from './trackingCommand.ts';
import { verifyCommand } from './verifyCommand.ts';

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string }> = {
  serve: { run: serveCommand, usage: 'serve [--demo] [--db <file>] [--data <dir>] [--port <n>]   the station for a browser on 127.0.0.1' },
  verify: { run: verifyCommand, usage: 'verify --db <file>                    check the audit chain' },
  history: { run: historyCommand, usage: 'history --db <file> [--item <id>]     audit events, oldest first' },
  tracking: { run: trackingCommand, usage: 'tracking <code>                       recognize a carrier tracking number' },
  decode: { run: decodeCommand, usage: 'decode <protocol> [--hex] <data>      decode one device frame (hid-scale, hid-scanner, mt-sics, nci, zpl-status, aim, xray-line)' },
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
    if (error instanceof UsageError || (error instanceof Error && error.name === 'SchemaTooNewError')) {
      process.stderr.write(`mailscreen: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`mailscreen: ${error.message}\n${usage()}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
