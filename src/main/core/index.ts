// The station core: the Station (its composition root: one constructor, in dependency order), its
// services, the screening steps' registry (steps/: one module per step), the command handlers per
// contract area (handlers/), the dispatcher and the sessions.
export { Station, type StationOptions, type StationDevices } from './station.ts';
export type { DemoControls } from './demoControls.ts';
export { startStation, type StartStationOptions, type RunningStation } from './startStation.ts';
export type { StationConnection, StationEndpoint } from './connection.ts';
export { createDispatcher, type Dispatch } from './dispatcher.ts';
export { argumentsRefusal } from './refusalWords.ts';
export { openReportsOnFile } from './reportsOnFile.ts';
export { incidentViewsOfEvents, type IncidentReportViews } from './incidentViewsOfEvents.ts';
export { StationConfigInvalid, loadStationConfig, siteConnectionOf, type StationConfig } from './stationConfig.ts';
export { hashPin, NO_OPERATOR_PIN, pinKey } from './pin.ts';
