import { readAuditEvent, type AuditEvent, type AuditReading } from '../../shared/contract/index.ts';
import { directoryReplays } from './directoryReplay.ts';
import { ITEM_RECORD_TABLES } from './itemRecords/index.ts';
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
  type TableReplay,
} from './replay/index.ts';

/** Every replayed table, fed the events once, in sequence order: the items, their records, then the station's other tables. */
export class StateReplay {
  readonly tables: readonly TableReplay[] = [
    new ItemsReplay(),
    ...ITEM_RECORD_TABLES.map((records) => records.replay()),
    new OperatorsReplay(),
    new IncidentsReplay(),
    new IncidentStepsReplay(),
    new IncidentEntriesReplay(),
    new LegalHoldsReplay(),
    new TrainingRecordsReplay(),
    new SiteSettingsReplay(),
    new RetentionPolicyReplay(),
    ...directoryReplays(),
  ];

  /**
   * Reads the event with the catalog and folds it into every table. What the catalog could not
   * read (a kind this version does not know, a field that does not fit) is in the reading returned.
   */
  fold(event: AuditEvent): AuditReading {
    const reading = readAuditEvent(event);
    if (reading.ok) for (const table of this.tables) table.fold(reading.event);
    else for (const table of this.tables) table.foldUncatalogued?.(event);
    return reading;
  }
}
