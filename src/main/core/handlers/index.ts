// The station's command handlers, one module per contract area; each receives only the parts of the
// station it uses.
import { actorOf, operatorOf, type CommandHandlers } from '../../commands/index.ts';
// Until src/main/notify/index.ts (the lead's branch) re-exports the directory: then import it from there.
import { directoryCommandHandlers, type DirectoryService } from '../../notify/index.ts';
import { recordsCommandHandlers, type RecordsService } from '../../records/index.ts';
import { reportCommandHandlers, type ReportService } from '../../reports/index.ts';
import { collectionHandlers, type CollectionHandlerPorts } from './collection.ts';
import { custodyHandlers, type CustodyHandlerPorts } from './custody.ts';
import { dashboardHandlers, type DashboardHandlerPorts } from './dashboard.ts';
import { deviceHandlers, type DeviceHandlerPorts } from './devices.ts';
import { incidentHandlers, type IncidentHandlerPorts } from './incident.ts';
import { intakeHandlers, type IntakeHandlerPorts } from './intake.ts';
import { itemHandlers, type ItemHandlerPorts } from './item.ts';
import { labelHandlers, type LabelHandlerPorts } from './labels.ts';
import { operatorHandlers, type OperatorHandlerPorts } from './operators.ts';
import { reviewHandlers, type ReviewHandlerPorts } from './review.ts';
import { sessionHandlers, type SessionHandlerPorts } from './session.ts';
import { siteHandlers, type SiteHandlerPorts } from './site.ts';
import { sopHandlers, type SopHandlerPorts } from './sop.ts';
import { stationHandlers, type StationHandlerPorts } from './station.ts';

export type HandlerPorts = StationHandlerPorts &
  SessionHandlerPorts &
  IntakeHandlerPorts &
  ItemHandlerPorts &
  IncidentHandlerPorts &
  CustodyHandlerPorts &
  OperatorHandlerPorts &
  SiteHandlerPorts &
  SopHandlerPorts &
  DeviceHandlerPorts &
  LabelHandlerPorts &
  DashboardHandlerPorts &
  CollectionHandlerPorts &
  ReviewHandlerPorts & { reports: ReportService; records: RecordsService; directory: DirectoryService };

/** Each contract command mapped to the service that carries it out: the compiler checks that every command has one. */
export function commandHandlers(ports: HandlerPorts): CommandHandlers {
  return {
    ...reportCommandHandlers(ports.reports, ({ session }) => operatorOf(session)),
    ...recordsCommandHandlers(ports.records, actorOf),
    ...stationHandlers(ports),
    ...sessionHandlers(ports),
    ...intakeHandlers(ports),
    ...itemHandlers(ports),
    ...incidentHandlers(ports),
    ...custodyHandlers(ports),
    ...operatorHandlers(ports),
    ...siteHandlers(ports),
    ...sopHandlers(ports),
    ...deviceHandlers(ports),
    ...labelHandlers(ports),
    ...dashboardHandlers(ports),
    ...directoryCommandHandlers(ports.directory),
    ...collectionHandlers(ports),
    ...reviewHandlers(ports),
  };
}
