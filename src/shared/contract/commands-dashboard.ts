import { z } from 'zod';
import { command, SUPERVISORS } from './commandSpec.ts';
import { IsoDate, IncidentType } from './workflow.ts';
import { DeviceClass } from './device.ts';


export const DashboardStats = z.object({
  from: IsoDate,
  to: IsoDate,
  /** Live records only: demo and drill records never count in the station's figures. */
  itemsPerDay: z.array(z.object({ date: IsoDate, received: z.number().int(), cleared: z.number().int(), suspect: z.number().int() })),
  /** Where the items received in the period stand now. */
  outcomes: z.record(z.string(), z.number().int()),
  incidents: z.object({
    byType: z.array(z.object({ type: IncidentType, open: z.number().int(), closed: z.number().int() })),
    byOutcome: z.record(z.string(), z.number().int()),
    drills: z.number().int(),
  }),
  /** After clearance (live): hand-overs and notices in the period; notices and items waiting now. */
  afterClearance: z.object({
    delivered: z.number().int(),
    notices: z.object({ sent: z.number().int(), bounced: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
    waiting: z.object({
      total: z.number().int(),
      byAge: z.object({ underDay: z.number().int(), days1to3: z.number().int(), days3to7: z.number().int(), week: z.number().int() }),
      /** When the longest-waiting item was cleared (its last change); null when none waits. */
      oldestSince: z.string().nullable(),
    }),
  }),
  deviceUptime: z.array(
    z.object({
      deviceId: z.string(),
      deviceClass: DeviceClass,
      /** Share of the period the device reported online, 0..1; null when it never reported. */
      online: z.number().min(0).max(1).nullable(),
      fault: z.number().min(0).max(1).nullable(),
      changes: z.number().int(),
    }),
  ),
});
export type DashboardStats = z.infer<typeof DashboardStats>;

/** The dashboard's period: local days, both inclusive, at most about a year (the station's and the console's alike). */
export function dashboardPeriod<T extends z.ZodType<{ from: string; to: string }>>(request: T) {
  return request
    .refine((r) => r.from <= r.to, { message: 'The period must start on or before its end', path: ['to'] })
    .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, { message: 'At most about a year at a time', path: ['to'] });
}

/**
 * The dashboard as the site can give it (the console): the station's figures, made by the same
 * builder from the site's record, but with null where the figure is station-only: the notices
 * waiting to be sent now (a station's send queue, not in its chain) and device uptime (a station's
 * device health log, operational, not in its chain). Null, never a zero the site cannot know.
 */
export const SiteDashboardStats = DashboardStats.extend({
  afterClearance: DashboardStats.shape.afterClearance.extend({
    notices: DashboardStats.shape.afterClearance.shape.notices.extend({ pending: z.null() }),
  }),
  deviceUptime: z.null(),
});
export type SiteDashboardStats = z.infer<typeof SiteDashboardStats>;

export const dashboardCommands = {
  'dashboard.stats': command({
    summary: 'Figures for the dashboard: items per day (the station\'s local days, as in the daily log), screening outcomes, incidents, hand-overs, notices and items waiting for their recipient, device uptime.',
    request: dashboardPeriod(z.object({ from: IsoDate, to: IsoDate }).strict()),
    response: DashboardStats,
    roles: SUPERVISORS,
  }),
} as const;
