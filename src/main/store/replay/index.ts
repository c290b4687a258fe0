// The state tables replayed from the audit events: pure folds, one per table (DESIGN invariant 8).
import { readAuditEvent, type AuditEvent, type AuditReading } from '../../../shared/contract/index.ts';
import { CustodyTransfersReplay } from './custodyTransfers.ts';
import { IncidentEntriesReplay, IncidentStepsReplay } from './incidentRecords.ts';
import { IncidentsReplay } from './incidents.ts';
import { ItemsReplay } from './items.ts';
import { LegalHoldsReplay } from './legalHolds.ts';
import { OperatorsReplay } from './operators.ts';
import { InspectionsReplay, StepSkipsReplay, WeighingsReplay, XrayScansReplay } from './screeningRecords.ts';
import { RetentionPolicyReplay, SiteSettingsReplay, TrainingRecordsReplay } from './stationRecords.ts';
import type { TableReplay } from './types.ts';

export { NOT_RECORDED, SequencedRows, type ExpectedCell, type ExpectedRow, type ExpectedRows, type TableReplay } from './types.ts';
export { protocolCell, protocolSummary, sopFingerprint } from './incidents.ts';
export { pinRecordFingerprint } from './operators.ts';
export { readingSummary } from './screeningRecords.ts';
export { replayMemory, ROW_CODEC, ROWS_CODEC, SpillingMap, STRINGS_CODEC, type SpillCodec } from './spillingMap.ts';

/** Every replayed table, fed the events once, in sequence order. */
export class StateReplay {
  readonly tables: readonly TableReplay[] = [
    new ItemsReplay(),
    new WeighingsReplay(),
    new StepSkipsReplay(),
    new InspectionsReplay(),
    new XrayScansReplay(),
    new OperatorsReplay(),
    new IncidentsReplay(),
    new IncidentStepsReplay(),
    new IncidentEntriesReplay(),
    new CustodyTransfersReplay(),
    new LegalHoldsReplay(),
    new TrainingRecordsReplay(),
    new SiteSettingsReplay(),
    new RetentionPolicyReplay(),
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
