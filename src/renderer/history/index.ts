// What src/renderer/history/ offers the rest of the renderer.
export { IncidentsScreen } from './IncidentsScreen.tsx';
export { ItemHistory } from './ItemHistory.tsx';
