import { rmSync } from 'node:fs';
import path from 'node:path';
import type { AuditPayload, RecordMode } from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import { cutoffs, purgeableImagesSql, purgeableItemsSql, RetentionPolicyRepository, type PurgeCutoffs, type RetentionPolicy } from './retention.ts';

export interface PurgeOptions {
  /** Who purges: `operator:<id>` or `cli:<user>`. */
  by: string;
  /** The image store, so image files go with their records; files outside it are never touched. */
  imageStore: string | null;
  dryRun: boolean;
  now?: Date;
  mode?: RecordMode;
  /** Records per transaction and per audit event: bounds the write lock and the event size. */
  batchSize?: number;
  /** Each batch as it is purged (or, in a dry run, would be). */
  onBatch?: (batch: PurgeBatch) => void;
}

export interface PurgeBatch {
  recordClass: 'items' | 'images';
  dryRun: boolean;
  /** Items removed whole, with their weighings, inspections, scans, custody transfers and incidents. */
  custodyIds: string[];
  incidents: string[];
  /** Image fingerprints whose files were removed (or, for shared content, unlinked from these scans). */
  images: string[];
  /** The audit event that records this batch; null in a dry run. */
  auditSeq: number | null;
}

export interface PurgeReport {
  dryRun: boolean;
  by: string;
  policy: RetentionPolicy;
  cutoffs: PurgeCutoffs;
  items: number;
  incidents: number;
  images: number;
  filesRemoved: number;
  /** Image files the records named but that were already gone. */
  filesMissing: number;
  auditSeqs: number[];
}

interface ScanRow {
  id: number;
  custody_id: string;
  image_sha256: string | null;
  image_file: string | null;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const IN_IDS = 'IN (SELECT value FROM json_each(@ids))';

/**
 * Removes what is past retention: items (with everything recorded about them and their closed
 * incidents) and X-ray images. What is still handled, linked to an open incident, within an
 * incident's retention or under a legal hold is never touched: the protection is re-checked inside
 * each batch's transaction, so a hold placed while a purge runs still holds. The audit log is
 * kept whole, so the chain still verifies; each batch is itself an audit event naming what went.
 */
export function purge(store: Store, options: PurgeOptions): PurgeReport {
  const now = options.now ?? new Date();
  const policy = new RetentionPolicyRepository(store.db).read();
  const cut = cutoffs(policy, now);
  const size = options.batchSize ?? 500;
  const db = store.db;
  const report: PurgeReport = { dryRun: options.dryRun, by: options.by, policy, cutoffs: cut, items: 0, incidents: 0, images: 0, filesRemoved: 0, filesMissing: 0, auditSeqs: [] };
  const bind = (ids: readonly (string | number)[]) => ({ items: cut.items, incidents: cut.incidents, images: cut.images, ids: JSON.stringify(ids) });

  const itemIds = db.prepare(purgeableItemsSql()).pluck().all(bind([])) as string[];
  const recheckItems = db.prepare(purgeableItemsSql(`AND items.custody_id ${IN_IDS}`)).pluck();
  const incidentsOf = db.prepare<{ ids: string }, { id: number; number: string }>(
    `SELECT id, number FROM incidents WHERE custody_id ${IN_IDS} OR id IN (SELECT incident_id FROM items WHERE custody_id ${IN_IDS} AND incident_id IS NOT NULL)`,
  );
  const scansOf = db.prepare<{ ids: string }, ScanRow>(`SELECT id, custody_id, image_sha256, image_file FROM xray_scans WHERE custody_id ${IN_IDS}`);
  const deleteItemRecords = [
    `DELETE FROM incident_steps WHERE incident_id IN (SELECT value FROM json_each(@incidents))`,
    `DELETE FROM incident_entries WHERE incident_id IN (SELECT value FROM json_each(@incidents))`,
    `DELETE FROM custody_transfers WHERE incident_id IN (SELECT value FROM json_each(@incidents)) OR custody_id ${IN_IDS}`,
    `DELETE FROM weighings WHERE custody_id ${IN_IDS}`,
    `DELETE FROM step_skips WHERE custody_id ${IN_IDS}`,
    `DELETE FROM inspections WHERE custody_id ${IN_IDS}`,
    `DELETE FROM xray_scans WHERE custody_id ${IN_IDS}`,
    `DELETE FROM incidents WHERE id IN (SELECT value FROM json_each(@incidents))`,
    `DELETE FROM items WHERE custody_id ${IN_IDS}`,
  ].map((sql) => db.prepare(sql));

  // Every purged batch, items or images, leaves the same kind of trace: one event on the station.
  const recordPurge = (payload: AuditPayload<'records.purged'>) =>
    store.audit.append({ actor: options.by, kind: 'records.purged', subjectType: 'station', subjectId: store.stationId, mode: options.mode ?? 'live', payload });

  const removeFiles = (scans: readonly ScanRow[]) => {
    const stillNamed = db.prepare('SELECT 1 FROM xray_scans WHERE image_sha256 = ? AND image_file IS NOT NULL LIMIT 1').pluck();
    for (const scan of scans) {
      if (!scan.image_file || !scan.image_sha256 || stillNamed.get(scan.image_sha256)) continue;
      if (!options.imageStore || path.dirname(path.resolve(scan.image_file)) !== path.resolve(options.imageStore)) continue;
      try {
        rmSync(scan.image_file);
        report.filesRemoved += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') report.filesMissing += 1;
        else throw error;
      }
    }
  };

  for (const candidates of chunks(itemIds, size)) {
    if (options.dryRun) {
      const incidents = incidentsOf.all({ ids: JSON.stringify(candidates) });
      const scans = scansOf.all({ ids: JSON.stringify(candidates) }).filter((s) => s.image_file);
      report.items += candidates.length;
      report.incidents += incidents.length;
      report.images += scans.length;
      options.onBatch?.({ recordClass: 'items', dryRun: true, custodyIds: candidates, incidents: incidents.map((i) => i.number), images: scans.map((s) => s.image_sha256 ?? ''), auditSeq: null });
      continue;
    }
    const done = store.transaction(() => {
      const ids = recheckItems.all(bind(candidates)) as string[];
      if (ids.length === 0) return null;
      const idsJson = JSON.stringify(ids);
      const incidents = incidentsOf.all({ ids: idsJson });
      const scans = scansOf.all({ ids: idsJson });
      // Items and incidents reference each other; the checks run at commit, when both are gone.
      db.pragma('defer_foreign_keys = ON');
      for (const statement of deleteItemRecords) statement.run({ ids: idsJson, incidents: JSON.stringify(incidents.map((i) => i.id)) });
      const images = scans.filter((s) => s.image_file).map((s) => s.image_sha256 ?? '');
      const event = recordPurge({
        recordClasses: incidents.length > 0 ? ['items', 'incidents'] : ['items'],
        policy,
        cutoffs: cut,
        items: { count: ids.length, custodyIds: ids },
        incidents: { count: incidents.length, numbers: incidents.map((i) => i.number) },
        images: { count: images.length, sha256: images },
        auditEventsKept: true,
      });
      return { ids, incidents, scans, images, seq: event.seq };
    });
    if (!done) continue;
    report.items += done.ids.length;
    report.incidents += done.incidents.length;
    report.images += done.images.length;
    report.auditSeqs.push(done.seq);
    // Files go after the commit: a rolled-back purge must not have lost evidence.
    removeFiles(done.scans);
    options.onBatch?.({ recordClass: 'items', dryRun: false, custodyIds: done.ids, incidents: done.incidents.map((i) => i.number), images: done.images, auditSeq: done.seq });
  }

  const imageScans = db.prepare(purgeableImagesSql()).all(bind([])) as ScanRow[];
  const recheckImages = db.prepare<Record<string, unknown>, ScanRow>(purgeableImagesSql(`AND x.id ${IN_IDS}`));
  const unlinkImages = db.prepare(`UPDATE xray_scans SET image_file = NULL WHERE id ${IN_IDS}`);
  for (const candidates of chunks(imageScans, size)) {
    if (options.dryRun) {
      report.images += candidates.length;
      options.onBatch?.({ recordClass: 'images', dryRun: true, custodyIds: [], incidents: [], images: candidates.map((s) => s.image_sha256 ?? ''), auditSeq: null });
      continue;
    }
    const done = store.transaction(() => {
      const scans = recheckImages.all(bind(candidates.map((s) => s.id)));
      if (scans.length === 0) return null;
      // The scan record and its fingerprint stay: only the picture goes.
      unlinkImages.run({ ids: JSON.stringify(scans.map((s) => s.id)) });
      const event = recordPurge({
        recordClasses: ['images'],
        policy,
        cutoffs: cut,
        images: { count: scans.length, sha256: scans.map((s) => s.image_sha256), scans: scans.map((s) => ({ scanId: s.id, custodyId: s.custody_id })) },
        auditEventsKept: true,
      });
      return { scans, seq: event.seq };
    });
    if (!done) continue;
    report.images += done.scans.length;
    report.auditSeqs.push(done.seq);
    removeFiles(done.scans);
    options.onBatch?.({ recordClass: 'images', dryRun: false, custodyIds: [], incidents: [], images: done.scans.map((s) => s.image_sha256 ?? ''), auditSeq: done.seq });
  }
  return report;
}
