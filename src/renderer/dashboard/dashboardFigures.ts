import { IncidentType, ItemState, type DashboardStats, type DeviceClass } from '../../shared/contract/index.ts';
import { isIsoDate, shiftIsoDate } from '../ui/index.ts';
import { INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { ITEM_STATE_NAMES } from '../ui/index.ts';

/** The dashboard's period: the last 7 or 30 days up to today, or dates the coordinator picks. */
export type Period = { kind: 'last7' } | { kind: 'last30' } | { kind: 'custom'; from: string; to: string };

/** The contract's {from, to} for a period, or why the picked dates cannot be asked for. */
export function periodDates(period: Period, today: string): { from: string; to: string } | { problem: string } {
  if (period.kind === 'last7') return { from: shiftIsoDate(today, -6), to: today };
  if (period.kind === 'last30') return { from: shiftIsoDate(today, -29), to: today };
  if (!isIsoDate(period.from) || !isIsoDate(period.to)) return { problem: 'Pick both dates: the first and the last day of the period.' };
  if (period.from > period.to) return { problem: 'The first day must be on or before the last day.' };
  if (Date.parse(period.to) - Date.parse(period.from) > 400 * 86_400_000) return { problem: 'Pick at most about a year (400 days) at a time.' };
  return { from: period.from, to: period.to };
}

export interface Totals {
  received: number;
  cleared: number;
  suspect: number;
  incidentsOpen: number;
  incidentsClosed: number;
  drills: number;
}

export function totals(stats: Pick<DashboardStats, 'itemsPerDay' | 'incidents'>): Totals {
  const sum = (pick: (day: DashboardStats['itemsPerDay'][number]) => number) => stats.itemsPerDay.reduce((n, day) => n + pick(day), 0);
  return {
    received: sum((day) => day.received),
    cleared: sum((day) => day.cleared),
    suspect: sum((day) => day.suspect),
    incidentsOpen: stats.incidents.byType.reduce((n, row) => n + row.open, 0),
    incidentsClosed: stats.incidents.byType.reduce((n, row) => n + row.closed, 0),
    drills: stats.incidents.drills,
  };
}

export interface OutcomeRow {
  state: string;
  name: string;
  count: number;
}

/** Where the period's items stand, in the lifecycle's order; states with none are left out. */
export function outcomeRows(stats: Pick<DashboardStats, 'outcomes'>): OutcomeRow[] {
  const known = ItemState.options.filter((state) => (stats.outcomes[state] ?? 0) > 0).map((state) => ({ state, name: ITEM_STATE_NAMES[state], count: stats.outcomes[state]! }));
  const other = Object.entries(stats.outcomes)
    .filter(([state, count]) => !(ItemState.options as readonly string[]).includes(state) && count > 0)
    .map(([state, count]) => ({ state, name: state, count }));
  return [...known, ...other];
}

export interface IncidentRow {
  type: IncidentType;
  name: string;
  open: number;
  closed: number;
}

/** Every incident type, so the chart keeps its shape from one period to the next. */
export function incidentRows(stats: Pick<DashboardStats, 'incidents'>): IncidentRow[] {
  return IncidentType.options.map((type) => {
    const row = stats.incidents.byType.find((known) => known.type === type);
    return { type, name: INCIDENT_TYPE_NAMES[type], open: row?.open ?? 0, closed: row?.closed ?? 0 };
  });
}

export function outcomeOfIncidentRows(stats: Pick<DashboardStats, 'incidents'>): Array<{ outcome: string; name: string; count: number }> {
  return Object.entries(stats.incidents.byOutcome)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => ({ outcome, name: outcome in INCIDENT_OUTCOME_NAMES ? INCIDENT_OUTCOME_NAMES[outcome as keyof typeof INCIDENT_OUTCOME_NAMES] : outcome, count }));
}

const DEVICE_CLASS_NAMES: Readonly<Record<DeviceClass, string>> = { scanner: 'Scanner', scale: 'Scale', printer: 'Label printer', xray: 'X-ray cabinet' };

export interface UptimeRow {
  deviceId: string;
  label: string;
  /** Percent of the reported time, one decimal; null when the device never reported in the period. */
  online: number | null;
  fault: number | null;
  offline: number | null;
  changes: number;
}

const percent = (share: number) => Math.round(share * 1000) / 10;

/** Online, fault and the rest (offline) as percentages of the time the device reported. */
export function uptimeRows(stats: Pick<DashboardStats, 'deviceUptime'>): UptimeRow[] {
  return stats.deviceUptime.map((device) => {
    const label = `${DEVICE_CLASS_NAMES[device.deviceClass] ?? device.deviceClass} (${device.deviceId})`;
    if (device.online === null || device.fault === null) return { deviceId: device.deviceId, label, online: null, fault: null, offline: null, changes: device.changes };
    const online = percent(device.online);
    const fault = percent(device.fault);
    return { deviceId: device.deviceId, label, online, fault, offline: Math.max(0, Math.round((100 - online - fault) * 10) / 10), changes: device.changes };
  });
}

export function formatPercent(value: number | null): string {
  return value === null ? 'no report' : `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
}
