// What src/renderer/dashboard/ offers the rest of the renderer.
export { LazyDashboard, LazyDashboardView } from './LazyDashboard.tsx';
