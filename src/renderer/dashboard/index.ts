// What src/renderer/dashboard/ offers the rest of the renderer.
export { LazyDashboard } from './LazyDashboard.tsx';
