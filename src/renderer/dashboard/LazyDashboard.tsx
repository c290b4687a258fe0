import { lazy, Suspense, type ComponentProps } from 'react';

// The charts (recharts and its d3 parts) are a large share of the app: they load when a
// coordinator opens the dashboard, not with the lock screen or the intake queue.
const DashboardScreen = lazy(() => import('./DashboardScreen.tsx').then((module) => ({ default: module.DashboardScreen })));
const DashboardView = lazy(() => import('./DashboardScreen.tsx').then((module) => ({ default: module.DashboardView })));

const loading = <p className="muted" data-testid="dashboard-loading">Loading the dashboard…</p>;

export function LazyDashboard(props: ComponentProps<typeof DashboardScreen>) {
  return (
    <Suspense fallback={loading}>
      <DashboardScreen {...props} />
    </Suspense>
  );
}

/** The period picker and figures over any source (the site console's), loaded as the station's are. */
export function LazyDashboardView(props: ComponentProps<typeof DashboardView>) {
  return (
    <Suspense fallback={loading}>
      <DashboardView {...props} />
    </Suspense>
  );
}
