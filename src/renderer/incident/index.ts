// What src/renderer/incident/ offers the rest of the renderer.
export { IncidentMode } from './IncidentMode.tsx';
export { ArrivingTransfers } from './ArrivingTransfers.tsx';
