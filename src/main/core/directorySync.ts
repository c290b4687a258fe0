import type { RecordMode } from '../../shared/contract/index.ts';
import type { Log } from '../log.ts';
import { applyDirectory, DirectorySyncScheduler, ldapRemovingAll, readLdapDirectory, syncDirectory, type LdapDirectorySettings } from '../notify/index.ts';
import type { Store } from '../store/index.ts';

/**
 * The scheduled LDAP / Active Directory sync of the recipient directory: read, then applied in one
 * transaction (audited as a directory import from 'ldap'); a read that failed or found no one, or
 * an apply that was refused, keeps the last good directory and is recorded with why
 * (directory.syncFailed) and logged. The first sync waits a minute so it never slows the start.
 */
export function directorySyncScheduler(deps: { store: Store; mode: RecordMode; settings: LdapDirectorySettings; dataFolder: string; log: Log; startDelayMs?: number }): DirectorySyncScheduler {
  const { store, mode, settings, dataFolder, log } = deps;
  return new DirectorySyncScheduler({
    everyHours: settings.everyHours,
    ...(deps.startDelayMs !== undefined ? { startDelayMs: deps.startDelayMs } : {}),
    sync: () =>
      syncDirectory(
        () => readLdapDirectory(settings, { dataFolder }),
        (entries) => applyDirectory(store, entries, 'ldap', { actor: 'station', mode, fileName: null, sha256: null, ...ldapRemovingAll(settings, entries.length) }),
        (result) => {
          if (result.ok) {
            log.info(`directory sync: ${result.applied.added.length} added, ${result.applied.changed.length} changed, ${result.applied.removed.length} removed`);
            return;
          }
          log.error(`directory sync: ${result.reason}`);
          try {
            store.transaction(() =>
              store.audit.append({ actor: 'station', kind: 'directory.syncFailed', subjectType: 'station', subjectId: store.stationId, mode, payload: { problem: result.problem, reason: result.reason } }),
            );
          } catch (error) {
            log.error('directory sync: the failure could not be recorded:', error);
          }
        },
        { allowEmpty: settings.allowEmpty },
      ),
  });
}
