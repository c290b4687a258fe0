import { rmSync } from 'node:fs';
import path from 'node:path';
import type { AuditPayload, RecordMode } from '../../shared/contract/index.ts';
import type { PersonalDataPurged, PurgeScan, Store } from '../store/index.ts';
import { cutoffs, type PurgeCutoffs, type RetentionPolicy } from './retention.ts';

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
  recordClass: 'items' | 'images' | 'recipients';
  dryRun: boolean;
  /** Items removed whole, with their weighings, inspections, scans, custody transfers and incidents. */
  custodyIds: string[];
  incidents: string[];
  /** Image fingerprints whose files were removed (or, for shared content, unlinked from these scans). */
  images: string[];
  /** Items whose recipient's personal data was removed, the items kept (the recipients class). */
  recipients?: string[];
  /** The recipients' personal data that went, with the items or from them. */
  personal?: PersonalDataPurged;
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
  /** Items whose recipient's personal data went (the items stay). */
  recipients: number;
  /** The recipients' personal data that went (or would go), by either class. */
  personal: { idNumbers: number; notices: number; signatures: number; photos: number };
  filesRemoved: number;
  /** Image files the records named but that were already gone. */
  filesMissing: number;
  auditSeqs: number[];
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Removes what is past retention: items (with everything recorded about them and their closed
 * incidents, and the signatures and photos their hand-overs alone named), X-ray images, and the
 * recipients' personal data of items that stay. What is still handled, linked to an open incident, within an
 * incident's retention or under a legal hold is never touched: the protection is re-checked inside
 * each batch's transaction, so a hold placed while a purge runs still holds. The audit log is
 * kept whole, so the chain still verifies; each batch is itself an audit event naming what went.
 */
export function purge(store: Store, options: PurgeOptions): PurgeReport {
  const now = options.now ?? new Date();
  const policy = store.retention.read();
  const cut = cutoffs(policy, now);
  const size = options.batchSize ?? 500;
  const queries = store.purging(cut);
  const report: PurgeReport = { dryRun: options.dryRun, by: options.by, policy, cutoffs: cut, items: 0, incidents: 0, images: 0, recipients: 0, personal: { idNumbers: 0, notices: 0, signatures: 0, photos: 0 }, filesRemoved: 0, filesMissing: 0, auditSeqs: [] };

  const itemIds = queries.purgeableItems();

  // Every purged batch, items or images, leaves the same kind of trace: one event on the station.
  const recordPurge = (payload: AuditPayload<'records.purged'>) =>
    store.audit.append({ actor: options.by, kind: 'records.purged', subjectType: 'station', subjectId: store.stationId, mode: options.mode ?? 'live', payload });

  const countPersonal = (personal: PersonalDataPurged) => {
    report.personal.idNumbers += personal.idNumbers;
    report.personal.notices += personal.notices;
    report.personal.signatures += personal.signatures.length;
    report.personal.photos += personal.photos.length;
  };
  const proofOf = (personal: PersonalDataPurged) => (personal.signatures.length + personal.photos.length > 0 ? { proof: { signatures: personal.signatures, photos: personal.photos } } : {});

  const removeFiles = (scans: readonly PurgeScan[]) => {
    for (const scan of scans) {
      if (!scan.imageFile || !scan.imageSha256 || queries.imageStillNamed(scan.imageSha256)) continue;
      if (!options.imageStore || path.dirname(path.resolve(scan.imageFile)) !== path.resolve(options.imageStore)) continue;
      try {
        rmSync(scan.imageFile);
        report.filesRemoved += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') report.filesMissing += 1;
        else throw error;
      }
    }
  };

  for (const candidates of chunks(itemIds, size)) {
    if (options.dryRun) {
      const incidents = queries.incidentsOf(candidates);
      const scans = queries.scansOf(candidates).filter((s) => s.imageFile);
      report.items += candidates.length;
      report.incidents += incidents.length;
      report.images += scans.length;
      const personal = queries.personalDataOfItems(candidates);
      countPersonal(personal);
      options.onBatch?.({ recordClass: 'items', dryRun: true, custodyIds: candidates, incidents: incidents.map((i) => i.number), images: scans.map((s) => s.imageSha256 ?? ''), personal, auditSeq: null });
      continue;
    }
    const done = store.transaction(() => {
      const ids = queries.stillPurgeableItems(candidates);
      if (ids.length === 0) return null;
      const incidents = queries.incidentsOf(ids);
      const scans = queries.scansOf(ids);
      const personal = queries.deleteItems(ids, incidents.map((i) => i.id));
      const images = scans.filter((s) => s.imageFile).map((s) => s.imageSha256 ?? '');
      const event = recordPurge({
        recordClasses: incidents.length > 0 ? ['items', 'incidents'] : ['items'],
        policy,
        cutoffs: cut,
        items: { count: ids.length, custodyIds: ids },
        incidents: { count: incidents.length, numbers: incidents.map((i) => i.number) },
        images: { count: images.length, sha256: images },
        ...proofOf(personal),
        auditEventsKept: true,
      });
      return { ids, incidents, scans, images, personal, seq: event.seq };
    });
    if (!done) continue;
    countPersonal(done.personal);
    report.items += done.ids.length;
    report.incidents += done.incidents.length;
    report.images += done.images.length;
    report.auditSeqs.push(done.seq);
    // Files go after the commit: a rolled-back purge must not have lost evidence.
    removeFiles(done.scans);
    options.onBatch?.({ recordClass: 'items', dryRun: false, custodyIds: done.ids, incidents: done.incidents.map((i) => i.number), images: done.images, personal: done.personal, auditSeq: done.seq });
  }

  const imageScans = queries.purgeableImages();
  for (const candidates of chunks(imageScans, size)) {
    if (options.dryRun) {
      report.images += candidates.length;
      options.onBatch?.({ recordClass: 'images', dryRun: true, custodyIds: [], incidents: [], images: candidates.map((s) => s.imageSha256 ?? ''), auditSeq: null });
      continue;
    }
    const done = store.transaction(() => {
      const scans = queries.stillPurgeableImages(candidates.map((s) => s.id));
      if (scans.length === 0) return null;
      // The scan record and its fingerprint stay: only the picture goes.
      queries.unlinkImages(scans.map((s) => s.id));
      const event = recordPurge({
        recordClasses: ['images'],
        policy,
        cutoffs: cut,
        images: { count: scans.length, sha256: scans.map((s) => s.imageSha256), scans: scans.map((s) => ({ scanId: s.id, custodyId: s.custodyId })) },
        auditEventsKept: true,
      });
      return { scans, seq: event.seq };
    });
    if (!done) continue;
    report.images += done.scans.length;
    report.auditSeqs.push(done.seq);
    removeFiles(done.scans);
    options.onBatch?.({ recordClass: 'images', dryRun: false, custodyIds: [], incidents: [], images: done.scans.map((s) => s.imageSha256 ?? ''), auditSeq: done.seq });
  }

  // The recipients class: the personal data of items that stay (the items class already took its
  // items' data with them). The hand-over keeps who collected and the fingerprints.
  // In a dry run the items class removed nothing: its items are not counted a second time here.
  const goneWhole = options.dryRun ? new Set(itemIds) : new Set<string>();
  for (const candidates of chunks(queries.purgeableRecipientData().filter((id) => !goneWhole.has(id)), size)) {
    if (options.dryRun) {
      const personal = queries.recipientDataOf(candidates);
      report.recipients += candidates.length;
      countPersonal(personal);
      options.onBatch?.({ recordClass: 'recipients', dryRun: true, custodyIds: [], incidents: [], images: [], recipients: candidates, personal, auditSeq: null });
      continue;
    }
    const done = store.transaction(() => {
      const ids = queries.stillPurgeableRecipientData(candidates);
      if (ids.length === 0) return null;
      const personal = queries.removeRecipientData(ids, now.toISOString());
      const event = recordPurge({
        recordClasses: ['recipients'],
        policy,
        cutoffs: cut,
        recipients: { count: ids.length, custodyIds: ids, idNumbers: personal.idNumbers, notices: personal.notices },
        ...proofOf(personal),
        auditEventsKept: true,
      });
      return { ids, personal, seq: event.seq };
    });
    if (!done) continue;
    report.recipients += done.ids.length;
    countPersonal(done.personal);
    report.auditSeqs.push(done.seq);
    options.onBatch?.({ recordClass: 'recipients', dryRun: false, custodyIds: [], incidents: [], images: [], recipients: done.ids, personal: done.personal, auditSeq: done.seq });
  }
  // The write-ahead log still holds the pages as they were before each batch (ID numbers, strokes, notices).
  if (!options.dryRun && report.items + report.recipients > 0) queries.truncateWriteAheadLog();
  return report;
}
