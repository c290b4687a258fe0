import { redactedError, SiteProjector, STATION_ID } from '../site/index.ts';
import { printJson, UsageError } from './output.ts';

/** `site rebuild` and `site project [--follow | --release <station>]`, as the site's administrator. */
export async function projectionCommand(action: 'rebuild' | 'project', extra: readonly string[], values: { postgres?: string; follow?: boolean; release?: string }): Promise<number> {
  if (extra.length > 0) throw new UsageError(`site ${action}: unexpected ${JSON.stringify(extra[0])}`);
  if (action === 'rebuild' && (values.follow || values.release !== undefined)) throw new UsageError('site rebuild takes only --postgres: --follow and --release are options of site project');
  if (values.follow && values.release !== undefined) throw new UsageError('site project: --follow or --release <station id>, not both');
  if (values.release !== undefined && !STATION_ID.test(values.release)) throw new UsageError(`site project --release needs a station id (ST-…), not ${JSON.stringify(values.release.slice(0, 60))}`);
  const adminUrl = values.postgres ?? process.env.MAILSCREEN_SITE_ADMIN;
  if (!adminUrl) throw new UsageError(`site ${action} needs --postgres <admin connection string> (or MAILSCREEN_SITE_ADMIN); the password from PGPASSWORD or ~/.pgpass`);
  const projector = new SiteProjector(adminUrl, { applicationName: `mailscreen-site-${action}` });
  try {
    if (action === 'rebuild') {
      printJson(await projector.rebuild());
      return 0;
    }
    if (values.release !== undefined) {
      const released = await projector.release(values.release);
      printJson({ ...released, projection: await projector.project() });
      return 0;
    }
    if (!values.follow) {
      printJson(await projector.project());
      return 0;
    }
    const stop = new AbortController();
    const end = () => stop.abort();
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
    try {
      await projector.follow(stop.signal, {
        onPass: (pass) => printJson({ at: new Date().toISOString(), ...pass }),
        onError: (error) => process.stderr.write(`mailscreen: site project: ${error.message} (trying again)\n`),
      });
    } finally {
      process.removeListener('SIGINT', end);
      process.removeListener('SIGTERM', end);
    }
    return 0;
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') throw new UsageError(`site ${action}: the site database has no projection tables yet: run site init first`);
    if ((error as { code?: unknown }).code === '42501') throw new UsageError(`site ${action}: the role in the connection string may not write the projections: use the site's administrator (the database's owner)`);
    throw redactedError(error, adminUrl);
  } finally {
    await projector.close();
  }
}
