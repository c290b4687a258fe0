import { parseArgs } from 'node:util';
import { addConsole, addStation, applySiteSchema, connectSite, nameStation, redactedError, siteAddress, SiteRoleRefused, type NewLogin } from '../site/index.ts';
import { projectionCommand } from './siteProjectionCommand.ts';
import { printJson, printText, UsageError } from './output.ts';
import { siteRosterCommand } from './siteRosterCommand.ts';
import { siteDirectoryCommand } from './siteDirectoryCommand.ts';
import { siteServeCommand } from './siteServeCommand.ts';

export const SITE_HELP = `usage: npm run -s cli -- site init --postgres <admin connection string>
       npm run -s cli -- site add-station <station id> [--name <name>] --postgres <admin connection string>
       npm run -s cli -- site name-station <station id> --name <name> --postgres <admin connection string>
       npm run -s cli -- site add-console <name> --postgres <admin connection string>
       npm run -s cli -- site rebuild --postgres <admin connection string>
       npm run -s cli -- site project [--follow | --release <station id>] --postgres <admin connection string>
       npm run -s cli -- site roster <list|add|pin|role|deactivate|reactivate|unlock|training|import> … (site roster --help)
       npm run -s cli -- site directory <import|sync|contacts|proxy|status> … (site directory --help)
       npm run -s cli -- site serve --postgres <console connection string> [--port n]

init          makes or updates the site database's schema (idempotent; versions in site_schema_migrations)
add-station   makes the station's own PostgreSQL role, which may only add its own station's rows;
              --name: what the other stations' hand-over lists show beside its ID ("Security office")
name-station  gives a station of the site its name, or a new one (one line, at most 80 characters)
add-console   makes a read-only role for a security-office console
rebuild       empties the site's projections (site_items, site_incidents, …) and makes them again
              from every station's published events alone, in one transaction
project       brings the projections up to date with the events that arrived (--follow: keeps
              doing so every second until stopped); --release <station id>: the station's chain
              alarms so far are dealt with, its projection goes on past them
roster        the operators of every station, managed once here (docs/site.md, "Operators across the site")
directory     the recipient directory of every station, managed once here (docs/site.md, "The directory at the site")
serve         the security office's console: every station's status, incidents and items across
              stations, in a browser on this machine (prints its URL; reads only; run site project
              --follow beside it to keep the site's views current)

The admin connection string names a role that owns the database and may create roles, e.g.
postgres://mailscreen_admin@db.site.example/mailscreen?sslmode=verify-full&sslrootcert=/etc/mailscreen/site-ca.pem
Leave the password out of it (a command line is visible to every user of the machine): pg reads it
from PGPASSWORD or ~/.pgpass. add-station and add-console print the new role's password once, in a
connection string for the station's station.json: Mailscreen keeps no copy, and PostgreSQL keeps
only its SCRAM verifier (the password is never sent to the server, so never in its logs).`;

/** The new login's connection string: the admin's host, port, database and TLS options, the new role and password. */
function connectionFor(adminUrl: string, login: NewLogin): string | null {
  try {
    const url = new URL(adminUrl);
    url.username = login.role;
    url.password = login.password;
    return url.toString();
  } catch {
    return null;
  }
}

/** `site init | add-station <id> | add-console <name> --postgres <admin url>`. */
export async function siteCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'roster') return await siteRosterCommand(argv.slice(1));
  if (argv[0] === 'directory') return await siteDirectoryCommand(argv.slice(1));
  if (argv[0] === 'serve') return await siteServeCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    options: { postgres: { type: 'string' }, help: { type: 'boolean' }, follow: { type: 'boolean' }, release: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    printText(`${SITE_HELP}\n`);
    return 0;
  }
  const [action, name, ...extra] = positionals;
  if (action === 'rebuild' || action === 'project') return await projectionCommand(action, positionals.slice(1), values);
  if (values.follow || values.release !== undefined) throw new UsageError(`site ${action ?? ''}: --follow and --release are options of site project`);
  if (!action || !['init', 'add-station', 'name-station', 'add-console'].includes(action)) throw new UsageError(`site takes init, add-station <id>, name-station <id>, add-console <name>, rebuild, project, roster, directory or serve, not ${JSON.stringify(action ?? '')} (site --help)`);
  if (values.name !== undefined && action !== 'add-station' && action !== 'name-station') throw new UsageError(`site ${action}: --name is an option of site add-station and site name-station`);
  if (action === 'name-station' && values.name === undefined) throw new UsageError('site name-station needs --name <name> (what the other stations\' hand-over lists show beside its ID)');
  if (extra.length > 0) throw new UsageError(`site ${action}: unexpected ${JSON.stringify(extra[0])}`);
  if (action !== 'init' && !name) throw new UsageError(`site ${action} needs a ${action === 'add-console' ? 'console name' : 'station id (the station\'s own, ST-…, as its database holds it)'}`);
  if (action === 'init' && name) throw new UsageError(`site init takes no name (${JSON.stringify(name)})`);
  const adminUrl = values.postgres ?? process.env.MAILSCREEN_SITE_ADMIN;
  if (!adminUrl) throw new UsageError(`site ${action} needs --postgres <admin connection string> (or MAILSCREEN_SITE_ADMIN); the password from PGPASSWORD or ~/.pgpass`);
  const client = await connectSite(adminUrl, 'mailscreen-site-admin');
  try {
    if (action === 'init') {
      const schema = await applySiteSchema(client);
      printJson({ site: siteAddress(adminUrl), schema });
      for (const next of schema.afterwards) process.stderr.write(`mailscreen: ${next}.\n`);
      return 0;
    }
    if (action === 'name-station') {
      printJson(await nameStation(client, name!, values.name!));
      return 0;
    }
    const login = action === 'add-station' ? await addStation(client, name!, values.name !== undefined ? { name: values.name } : {}) : await addConsole(client, name!);
    printJson({ ...login, connection: connectionFor(adminUrl, login) });
    process.stderr.write(`mailscreen: the password of ${login.role} is shown this once: Mailscreen keeps no copy. Put the connection string in the ${action === 'add-station' ? 'station' : 'console'}'s configuration (owner-only) now.\n`);
    return 0;
  } catch (error) {
    if (error instanceof SiteRoleRefused) throw new UsageError(`site ${action}: ${error.message}`);
    if ((error as { code?: unknown }).code === '42P01') throw new UsageError(`site ${action}: the site database has no Mailscreen schema yet: run site init first`);
    if ((error as { code?: unknown }).code === '42703') throw new UsageError(`site ${action}: the site database's schema has no stations' names yet (version 11): run site init first`);
    if ((error as { code?: unknown }).code === '42501') throw new UsageError(`site ${action}: the role in the connection string may not do this (${redactedError(error, adminUrl).message}): use the database's owner, with CREATEROLE`);
    throw redactedError(error, adminUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}
