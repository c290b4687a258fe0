// What src/renderer/admin/ offers the rest of the renderer.
export { AdminScreen } from './AdminScreen.tsx';
