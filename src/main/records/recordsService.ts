import path from 'node:path';
import type { z } from 'zod';
import { StationFailure, type RecordMode } from '../../shared/contract/index.ts';
import type { BackupSummary, LegalHoldView, PurgePreview, recordsCommands, RetentionPolicyView } from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import { backup, type BackupResult } from './backup.ts';
import { purge, type PurgeReport } from './purge.ts';
import type { LegalHold, LegalHoldRepository, RetentionPolicy, RetentionPolicyRepository } from './retention.ts';
import { ItemSearchService, type ItemSearchPage } from './search.ts';

export interface BackupTarget {
  folder: string;
  keep?: number | undefined;
  verifyChain?: boolean | undefined;
}

export interface RecordsServiceOptions {
  store: Store;
  /** `<data>/xray-images`. */
  imageStore: string | null;
  mode: RecordMode;
  /** Where `backupNow` writes; null when the site has configured no backup folder. */
  backupTarget?: () => BackupTarget | null;
  now?: () => Date;
}

type Args<N extends keyof typeof recordsCommands> = z.output<(typeof recordsCommands)[N]['request']>;

export function backupSummary(r: BackupResult): BackupSummary {
  return { ok: r.ok, folder: r.folder, counts: r.manifest.counts, chainHead: r.manifest.chainHead, imagesMismatched: r.manifest.imagesMismatched.map((m) => m.file), ms: r.ms };
}

/**
 * Records management: search, legal holds, retention policy, backups and purges. Every change is
 * one transaction with its audit event; `actor` is `operator:<id>` or `cli:<user>`.
 */
export class RecordsService {
  readonly search: ItemSearchService;
  readonly holds: LegalHoldRepository;
  readonly retention: RetentionPolicyRepository;
  readonly #options: RecordsServiceOptions;
  readonly #now: () => Date;

  constructor(options: RecordsServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.search = new ItemSearchService(options.store.reader.search);
    this.holds = options.store.holds;
    this.retention = options.store.retention;
  }

  get store(): Store {
    return this.#options.store;
  }

  searchItems(args: Args<'search.items'>): ItemSearchPage {
    return this.search.search(args);
  }

  /** A hold as the screens show it: with the names of the operators who placed and released it. */
  #view(hold: LegalHold): LegalHoldView {
    const nameOf = (actor: string | null) =>
      actor?.startsWith('operator:') ? (this.#options.store.operators.byId(actor.slice('operator:'.length))?.name ?? null) : null;
    return { ...hold, placedByName: nameOf(hold.placedBy), releasedByName: nameOf(hold.releasedBy) };
  }

  legalHold(args: Args<'records.legalHold'>, actor: string): { holds: LegalHoldView[] } {
    const store = this.#options.store;
    if (args.action === 'list') return { holds: this.holds.list(false).map((h) => this.#view(h)) };
    const at = this.#now().toISOString();
    if (args.action === 'place') {
      const subject = args.subject;
      const subjectId = subject.type === 'item' ? subject.custodyId : String(subject.incidentId);
      if (subject.type === 'item' && !store.items.exists(subject.custodyId)) throw new StationFailure('NOT_FOUND', `No item has custody ID ${subject.custodyId} at this station (it may have been purged).`);
      if (subject.type === 'incident' && !store.reader.lookups.incidentExists(subject.incidentId)) {
        throw new StationFailure('NOT_FOUND', `There is no incident ${subject.incidentId} at this station (it may have been purged).`);
      }
      const hold = store.transaction(() => {
        const placed = this.holds.place({ subjectType: subject.type, subjectId, reason: args.reason, by: actor, at });
        store.audit.append({ actor, kind: 'records.holdPlaced', subjectType: subject.type, subjectId, mode: this.#options.mode, payload: { holdId: placed.id, reason: args.reason } });
        return placed;
      });
      return { holds: [this.#view(hold)] };
    }
    const hold = store.transaction(() => {
      const released = this.holds.release(args.holdId, actor, args.reason, at);
      store.audit.append({
        actor,
        kind: 'records.holdReleased',
        subjectType: released.subjectType,
        subjectId: released.subjectId,
        mode: this.#options.mode,
        payload: { holdId: released.id, reason: args.reason },
      });
      return released;
    });
    return { holds: [this.#view(hold)] };
  }

  retentionPolicy(args: Args<'records.retention'>, actor: string): { policy: RetentionPolicyView } {
    if (args.action === 'get') return { policy: this.retention.read() };
    const store = this.#options.store;
    const policy = store.transaction(() => {
      const before = this.retention.read();
      this.retention.write(args.policy, actor, this.#now().toISOString());
      const after = this.retention.read();
      store.audit.append({ actor, kind: 'records.retentionChanged', subjectType: 'station', subjectId: store.stationId, mode: this.#options.mode, payload: { before, after } });
      return after;
    });
    return { policy };
  }

  async backupNow(actor: string): Promise<BackupSummary> {
    const target = this.#options.backupTarget?.() ?? null;
    if (!target) throw new StationFailure('INVALID_STATE', 'No backup folder is configured for this station: set "backup": {"folder": ...} in station.json.');
    const result = await backup({
      store: this.#options.store,
      imageStore: this.#options.imageStore,
      to: target.folder,
      by: actor,
      now: this.#now,
      mode: this.#options.mode,
      keep: target.keep,
      verifyChain: target.verifyChain,
    });
    return backupSummary(result);
  }

  purgePreview(actor: string): PurgePreview {
    const custodyIds: string[] = [];
    const incidents: string[] = [];
    const report = this.purge(actor, true, (batch) => {
      if (custodyIds.length < 100) custodyIds.push(...batch.custodyIds.slice(0, 100 - custodyIds.length));
      if (incidents.length < 100) incidents.push(...batch.incidents.slice(0, 100 - incidents.length));
    });
    return {
      policy: report.policy,
      cutoffs: report.cutoffs,
      items: report.items,
      incidents: report.incidents,
      images: report.images,
      recipients: report.recipients,
      personal: report.personal,
      sample: { custodyIds, incidents },
    };
  }

  purge(actor: string, dryRun: boolean, onBatch?: Parameters<typeof purge>[1]['onBatch']): PurgeReport {
    return purge(this.#options.store, { by: actor, imageStore: this.#options.imageStore, dryRun, now: this.#now(), mode: this.#options.mode, onBatch });
  }

  policy(): RetentionPolicy {
    return this.retention.read();
  }
}

/** The image store beside a database file, as startStation lays the data folder out. */
export function imageStoreBeside(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'xray-images');
}
