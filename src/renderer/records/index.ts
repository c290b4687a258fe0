// What src/renderer/records/ offers the rest of the renderer.
export { RecordsScreen } from './RecordsScreen.tsx';
