import { IncidentType, type DashboardStats, type SiteDashboardStats } from '../../shared/contract/index.ts';
import type { DeviceHealthLog, HealthChange } from '../store/index.ts';
import type { AfterClearanceReadModel, DashboardReadModel, LocalDay } from '../store/index.ts';
import { localDayRange } from './format.ts';

// The dashboard's figures: one builder, two sources. A station feeds it its own database; the
// site console feeds it the site's record (src/main/site/console/consoleDashboard.ts), which holds
// every figure but two: the notices waiting to be sent now and device uptime are station-only.

/**
 * The period in the station's local days, inclusive of `to` — the same days as the daily log and
 * the audit export, so the dashboard and the papers never disagree about what "Tuesday" held.
 */
export function dashboardBounds(from: string, to: string): { fromIso: string; toIso: string; days: string[] } {
  const { startIso, endIso } = localDayRange(from, to);
  const days: string[] = [];
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  for (let day = new Date(y, m - 1, d); day.toISOString() < endIso; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) {
    days.push(`${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`);
  }
  return { fromIso: startIso, toIso: endIso, days };
}

/**
 * Share of [from, to) each device spent online and in fault, from its health changes. Time before
 * the first report counts as unknown, not as offline: a device added mid-period is not penalised.
 */
export function deviceUptime(initial: HealthChange[], changes: HealthChange[], fromIso: string, toIso: string, nowIso: string): DashboardStats['deviceUptime'] {
  const end = Math.min(Date.parse(toIso), Date.parse(nowIso));
  const start = Date.parse(fromIso);
  const byDevice = new Map<string, { deviceClass: HealthChange['deviceClass']; events: HealthChange[] }>();
  for (const c of [...initial, ...changes]) {
    const entry = byDevice.get(c.deviceId) ?? { deviceClass: c.deviceClass, events: [] };
    entry.events.push(c);
    byDevice.set(c.deviceId, entry);
  }
  return [...byDevice].map(([deviceId, { deviceClass, events }]) => {
    let online = 0;
    let fault = 0;
    let known = 0;
    events.forEach((event, i) => {
      const from = Math.max(start, Date.parse(event.at));
      const to = Math.min(end, i + 1 < events.length ? Date.parse(events[i + 1]!.at) : end);
      if (to <= from) return;
      known += to - from;
      if (event.health === 'online') online += to - from;
      if (event.health === 'fault') fault += to - from;
    });
    const changesInPeriod = events.filter((e) => Date.parse(e.at) >= start).length;
    return {
      deviceId,
      deviceClass,
      online: known > 0 ? Math.round((online / known) * 1000) / 1000 : null,
      fault: known > 0 ? Math.round((fault / known) * 1000) / 1000 : null,
      changes: changesInPeriod,
    };
  });
}

/** The figures every source has: items, outcomes, incidents, hand-overs and notices sent, items waiting. */
function recordedFigures(read: DashboardReadModel, afterClearance: Omit<AfterClearanceReadModel, 'noticesPending'>, from: string, to: string, now: Date) {
  const { fromIso, toIso, days } = dashboardBounds(from, to);
  // Each local day with the daily log's own bounds, so the dashboard and the papers agree on "Tuesday".
  const localDays: LocalDay[] = days.map((day) => ({ day, ...localDayRange(day) }));
  const itemsPerDay = read.itemEventsPerDay(localDays).map(({ day, received, cleared, suspect }) => ({ date: day, received, cleared, suspect }));
  const outcomes: Record<string, number> = {};
  for (const row of read.itemStates(fromIso, toIso)) {
    outcomes[row.state] = (outcomes[row.state] ?? 0) + row.n;
  }
  const byType = new Map(IncidentType.options.map((t) => [t, { type: t, open: 0, closed: 0 }]));
  const byOutcome: Record<string, number> = {};
  let drills = 0;
  for (const row of read.incidentCounts(fromIso, toIso)) {
    if (row.mode === 'drill') {
      drills += row.n;
      continue;
    }
    if (row.mode !== 'live') continue;
    const entry = byType.get(row.type as IncidentType);
    if (entry) entry[row.open ? 'open' : 'closed'] += row.n;
    if (row.outcome) byOutcome[row.outcome] = (byOutcome[row.outcome] ?? 0) + row.n;
  }
  const handed = afterClearance.counts(fromIso, toIso);
  return {
    fromIso,
    toIso,
    figures: {
      from,
      to,
      itemsPerDay,
      outcomes,
      incidents: { byType: [...byType.values()], byOutcome, drills },
    },
    handed,
    waiting: afterClearance.waiting(now),
  };
}

/** The dashboard's figures for a period, from the records. Live records only; drills counted apart. */
export function dashboardStats(read: DashboardReadModel, afterClearance: AfterClearanceReadModel, health: Pick<DeviceHealthLog, 'period'>, from: string, to: string, now: Date): DashboardStats {
  const { fromIso, toIso, figures, handed, waiting } = recordedFigures(read, afterClearance, from, to, now);
  const { initial, changes } = health.period(fromIso, toIso);
  return {
    ...figures,
    afterClearance: { delivered: handed.delivered, notices: { ...handed.notices, pending: afterClearance.noticesPending() }, waiting },
    deviceUptime: deviceUptime(initial, changes, fromIso, toIso, now.toISOString()),
  };
}

/**
 * The same figures from a source without a station's operational logs (the site's record): the
 * notices waiting now and device uptime are null, never a zero it cannot know.
 */
export function recordedDashboardStats(read: DashboardReadModel, afterClearance: Omit<AfterClearanceReadModel, 'noticesPending'>, from: string, to: string, now: Date): SiteDashboardStats {
  const { figures, handed, waiting } = recordedFigures(read, afterClearance, from, to, now);
  return { ...figures, afterClearance: { delivered: handed.delivered, notices: { ...handed.notices, pending: null }, waiting }, deviceUptime: null };
}
