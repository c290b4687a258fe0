// The contract client: picks the host link (Electron preload or WebSocket) and offers typed calls,
// validated events and the link's state to the screens.
export { createStationClient, type StationClient } from './client.ts';
export type { ConnectionState } from './connectionState.ts';
export { pickTransport } from './pickTransport.ts';
export { StationRequestError, toStationRequestError } from './StationRequestError.ts';
export { StationProvider, useConnection, useStation, useStationEvent } from './StationContext.tsx';
