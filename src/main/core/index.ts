// The station core: the Station (composition root), its services, the dispatcher and sessions.
export { Station, type StationOptions, type DemoControls } from './station.ts';
export { startStation, type StartStationOptions, type RunningStation } from './startStation.ts';
export type { StationConnection, StationEndpoint } from './connection.ts';
export { createDispatcher, type Dispatch } from './dispatcher.ts';
