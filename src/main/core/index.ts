// The station core: the Station (composition root), its services, the dispatcher and sessions.
export { Station, type StationOptions, type DemoControls } from './station.ts';
export { startStation, type StartStationOptions, type RunningStation } from './startStation.ts';
export type { StationConnection, StationEndpoint } from './connection.ts';
export { createDispatcher, type CommandHandlers, type Dispatch } from './dispatcher.ts';
export { Session } from './session.ts';
