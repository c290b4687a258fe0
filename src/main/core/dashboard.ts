// The dashboard's builder lives with the reports, where the site console can use it too.
export { dashboardStats, deviceUptime } from '../reports/index.ts';
