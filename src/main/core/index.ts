// The station core: the Station (composition root), its services, the dispatcher and sessions.
export { Station, type StationOptions, type StationDevices } from './station.ts';
export type { DemoControls } from './demoControls.ts';
export { startStation, type StartStationOptions, type RunningStation } from './startStation.ts';
export type { StationConnection, StationEndpoint } from './connection.ts';
export { createDispatcher, type Dispatch } from './dispatcher.ts';
