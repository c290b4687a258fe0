import { GENESIS_HASH, type AuditEvent, type AuditSubjectType } from '../../../shared/contract/index.ts';
import { contentHash, StateReplay, type RawAuditRow, type TableReplay } from '../../store/index.ts';
import { siteEventOf, type SiteEventRow } from './exactText.ts';
import { DeviceWarningsReplay, PROJECTED, type ProjectedRow, type ProjectionTable } from './projectionTables.ts';

export type { SiteEventRow } from './exactText.ts';

/** Why a station's events cannot be projected past one of them. */
export class ProjectionHeld extends Error {
  override name = 'ProjectionHeld';
  readonly seq: number;

  constructor(message: string, seq: number) {
    super(message);
    this.seq = seq;
  }
}

/** The last event that touched a subject: its rows carry it. */
export interface Touch {
  seq: number;
  at: string;
}

/** What a run of events changed: per table, the subjects whose rows are to be written again. */
export type Touched = Map<ProjectionTable, Map<string, Touch>>;

/** The subject rows of a table to write, after a run of events. */
export interface TableChange {
  table: ProjectionTable;
  columns: readonly string[];
  subjects: string[];
  rows: Array<ProjectedRow & Touch>;
}

/**
 * One station's events folded by the station's own replay (StateReplay: what `verify --full`
 * folds a station's events with, to check its tables), in memory, in seq order from its first
 * event. The projector keeps one per station and writes, after each run of events, the rows of
 * the subjects those events touched. Each event is checked to continue the chain (its previous
 * hash, its hash recomputed from its fields): rows typed into station_events by hand are not
 * projected.
 */
export class StationReplay {
  readonly replay = new StateReplay();
  readonly #devices = new DeviceWarningsReplay();
  readonly #tables: ReadonlyMap<ProjectionTable, TableReplay>;
  seq = 0;
  hash = GENESIS_HASH;
  #touched: Touched = new Map();

  readonly station: string;

  constructor(station: string) {
    this.station = station;
    const byName = new Map<string, TableReplay>([...this.replay.tables, this.#devices].map((table) => [table.table, table]));
    this.#tables = new Map(
      PROJECTED.map((table) => {
        const replay = byName.get(table.replayTable);
        if (!replay) throw new Error(`the station's replay has no table ${table.replayTable} for ${table.sqlTable}`);
        return [table, replay];
      }),
    );
  }

  /** Folds the next event, or throws ProjectionHeld (and folds nothing) when it does not continue the chain. */
  fold(stored: SiteEventRow): void {
    // The event as the station made it (a NUL where the row shows ␀): what its hash covers.
    const row = siteEventOf(stored);
    const seq = row.seq;
    if (seq !== this.seq + 1 || row.prevHash !== this.hash) throw new ProjectionHeld(`event ${seq} does not follow event ${this.seq} of the chain projected`, seq);
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      throw new ProjectionHeld(`event ${seq}'s payload is not JSON`, seq);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new ProjectionHeld(`event ${seq}'s payload is not a JSON object`, seq);
    const raw: RawAuditRow = [seq, row.at, row.actor, row.station, row.kind, row.subjectType, row.subjectId, row.mode, row.payload, row.prevHash, row.hash];
    let hash: string | null;
    try {
      hash = contentHash(raw, payload as Record<string, unknown>);
    } catch {
      hash = null;
    }
    if (hash !== row.hash || row.station !== this.station) throw new ProjectionHeld(`event ${seq} does not hash to the hash it carries: it is not an event the station made`, seq);
    const event = { ...row, subjectType: row.subjectType as AuditSubjectType, payload } as AuditEvent;
    const reading = this.replay.fold(event);
    const touch: Touch = { seq, at: row.at };
    for (const table of PROJECTED) {
      if (table.subjectType === event.subjectType) this.#touch(table, event.subjectId, touch);
      if (reading.ok) for (const subject of table.purged(reading.event)) this.#touch(table, subject, touch);
    }
    if (reading.ok) this.#devices.fold(reading.event);
    this.seq = seq;
    this.hash = row.hash;
  }

  #touch(table: ProjectionTable, subject: string, touch: Touch): void {
    let subjects = this.#touched.get(table);
    if (!subjects) this.#touched.set(table, (subjects = new Map()));
    subjects.set(subject, touch);
  }

  /** The rows of every subject touched since the last call, per table, and forgets them. */
  changes(): TableChange[] {
    const touched = this.#touched;
    this.#touched = new Map();
    const changes: TableChange[] = [];
    for (const [table, subjects] of touched) {
      const replay = this.#tables.get(table)!;
      const rows = replay.rows();
      const change: TableChange = { table, columns: replay.columns, subjects: [...subjects.keys()], rows: [] };
      for (const [subject, touch] of subjects) for (const row of table.rowsOf(rows, subject)) change.rows.push({ ...row, ...touch });
      changes.push(change);
    }
    return changes;
  }
}
