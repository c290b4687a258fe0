import { readAuditEvent, type AuditEvent, type AuditReading } from '../../shared/contract/index.ts';
import { directoryReplays } from './directoryReplay.ts';
import { ITEM_RECORD_TABLES, type ItemRecordTable } from './itemRecords/index.ts';
import {
  IncidentEntriesReplay,
  IncidentsReplay,
  IncidentStepsReplay,
  ItemsReplay,
  LegalHoldsReplay,
  OperatorsReplay,
  RetentionPolicyReplay,
  SiteSettingsReplay,
  TrainingRecordsReplay,
  WHOLE,
  type EventRoute,
  type StatePart,
  type TableReplay,
} from './replay/index.ts';

/** How an item table's keys name its item: the key is the custody ID, or `<custody ID>/<n>`; null for a station-wide table. */
export type ItemKey = 'custody ID' | 'sequenced' | null;

interface Replayed {
  replay: TableReplay;
  itemKey: ItemKey;
}

const EVERYWHERE: EventRoute = Object.freeze({ items: true, station: true, owner: true });

/** Every replayed table in the order verify compares them: the items, their records, then the station's other tables. */
function everyTable(): Replayed[] {
  return [
    { replay: new ItemsReplay(), itemKey: 'custody ID' },
    ...ITEM_RECORD_TABLES.map((records): Replayed => ({ replay: records.replay(), itemKey: (records as ItemRecordTable).keyedByItem === false ? null : 'sequenced' })),
    ...[
      new OperatorsReplay(),
      new IncidentsReplay(),
      new IncidentStepsReplay(),
      new IncidentEntriesReplay(),
      new LegalHoldsReplay(),
      new TrainingRecordsReplay(),
      new SiteSettingsReplay(),
      new RetentionPolicyReplay(),
      ...directoryReplays(),
    ].map((replay): Replayed => ({ replay, itemKey: null })),
  ];
}

/**
 * The replayed tables of one part (replay/parts.ts), fed the events once, in sequence order: the
 * whole replay by default; part k of n holds the item tables (for its items) and, in part 0, the
 * station-wide ones.
 */
export class StateReplay {
  readonly part: StatePart;
  readonly tables: readonly TableReplay[];
  readonly #itemTables: readonly TableReplay[];
  readonly #stationTables: readonly TableReplay[];
  readonly #itemKeys: ReadonlyMap<string, ItemKey>;

  constructor(part: StatePart = WHOLE) {
    this.part = part;
    const held = everyTable().filter((t) => t.itemKey !== null || part.index === 0);
    this.tables = held.map((t) => t.replay);
    this.#itemTables = held.filter((t) => t.itemKey !== null).map((t) => t.replay);
    this.#stationTables = held.filter((t) => t.itemKey === null).map((t) => t.replay);
    this.#itemKeys = new Map(held.map((t) => [t.replay.table, t.itemKey]));
  }

  /** The table names in the order verify compares them (every part's verdict is merged in it). */
  static tableOrder(): string[] {
    return everyTable().map((t) => t.replay.table);
  }

  /** How the table's keys name its item, when its rows are split by item. */
  itemKeyOf(table: string): ItemKey {
    return this.part.count > 1 ? (this.#itemKeys.get(table) ?? null) : null;
  }

  /**
   * Reads the event with the catalog and folds it into the tables it is routed to (all of them
   * when the replay is not split). What the catalog could not read (a kind this version does not
   * know, a field that does not fit) is in the reading returned.
   */
  fold(event: AuditEvent, route: EventRoute = EVERYWHERE): AuditReading {
    const reading = readAuditEvent(event);
    if (reading.ok) {
      if (route.items) for (const table of this.#itemTables) table.fold(reading.event);
      if (route.station) for (const table of this.#stationTables) table.fold(reading.event);
    } else {
      if (route.items) for (const table of this.#itemTables) table.foldUncatalogued?.(event);
      if (route.station) for (const table of this.#stationTables) table.foldUncatalogued?.(event);
    }
    return reading;
  }
}
