import type { ReactNode } from 'react';
import { ConsoleReviewScreen } from './ConsoleReviewScreen.tsx';
import { SiteDashboardScreen } from './SiteDashboardScreen.tsx';
import { SiteIncidentsScreen } from './SiteIncidentsScreen.tsx';
import { SiteReportsScreen } from './SiteReportsScreen.tsx';
import { SiteSearchScreen } from './SiteSearchScreen.tsx';
import { StationsScreen } from './StationsScreen.tsx';

/** One screen of the console: its tab and what it shows. */
export interface ConsoleScreen {
  id: string;
  label: string;
  render(): ReactNode;
}

/**
 * The console's screens, in the order of their tabs. A new one (remote review, custody between
 * stations, the reports) is a component of its own and one entry here.
 */
export const CONSOLE_SCREENS: readonly ConsoleScreen[] = [
  { id: 'stations', label: 'Stations', render: () => <StationsScreen /> },
  { id: 'incidents', label: 'Incidents', render: () => <SiteIncidentsScreen /> },
  { id: 'items', label: 'Items', render: () => <SiteSearchScreen /> },
  { id: 'review', label: 'Second review', render: () => <ConsoleReviewScreen /> },
  { id: 'dashboard', label: 'Dashboard', render: () => <SiteDashboardScreen /> },
  { id: 'reports', label: 'Daily log', render: () => <SiteReportsScreen /> },
];
