import { lazy, Suspense, type ComponentProps } from 'react';

// The charts (recharts and its d3 parts) are a large share of the app: they load when a
// coordinator opens the dashboard, not with the lock screen or the intake queue.
const DashboardScreen = lazy(() => import('./DashboardScreen.tsx').then((module) => ({ default: module.DashboardScreen })));

export function LazyDashboard(props: ComponentProps<typeof DashboardScreen>) {
  return (
    <Suspense fallback={<p className="muted" data-testid="dashboard-loading">Loading the dashboard…</p>}>
      <DashboardScreen {...props} />
    </Suspense>
  );
}
