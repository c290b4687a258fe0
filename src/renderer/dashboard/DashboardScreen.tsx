import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardStats, RecordMode, SiteDashboardStats } from '../../shared/contract/index.ts';
import { toStationRequestError, useStation, type StationRequestError } from '../station/index.ts';
import { formatLongDate, formatShortDate, localIsoDate } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatPercent, incidentRows, outcomeOfIncidentRows, outcomeRows, periodDates, totals, uptimeRows, type Period } from './dashboardFigures.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import './dashboard.css';

/**
 * Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito, darkened to at
 * least 3:1 on white for graphics), and never alone: every series has its name in the legend, the
 * alert series a hatch, each bar its number, and each chart its table.
 */
const COLOURS = { received: '#0b5c99', cleared: '#00795a', suspect: '#b34700', open: '#b34700', closed: '#5b6573', online: '#00795a', fault: '#b34700', offline: '#5b6573' } as const;
const HATCH_ALERT = 'dashboard-hatch-alert';
const CHART_TEXT = { fill: '#111418', fontSize: 14 };
const AXIS_TICK = { fill: '#111418', fontSize: 14 };
/** React style props (set through the CSSOM), which the strict CSP allows; recharts sizes the SVG to them. */
const CHART_SIZE = { width: '100%', height: 280 };

/** Legend words in the text colour (recharts colours them like their series, too pale for text). */
const legendText = (value: unknown) => <span className="dashboard-legend">{String(value)}</span>;

/** The bar's number, left off when it is zero so an empty day stays quiet. */
const nonZero = (value: unknown) => (typeof value === 'number' && value > 0 ? String(value) : '');

/** Hatched fill for the alert series (suspect, open incidents, faults): shape as well as colour. */
function AlertHatch() {
  return (
    <defs>
      <pattern id={HATCH_ALERT} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" fill={COLOURS.suspect} />
        <rect width="3" height="8" fill="#ffffff" fillOpacity="0.45" />
      </pattern>
    </defs>
  );
}

/** Figures as a station gives them, or as the site does (null where a figure is station-only). */
export type AnyDashboardStats = DashboardStats | SiteDashboardStats;

/**
 * The station's figures for a period (coordinators and admins): items per day, where the period's
 * items stand, incidents, device uptime. Each chart has its figures as a table beside it, for
 * screen readers and for anyone who cannot tell the colours apart.
 */
export function DashboardScreen({ stationMode }: { stationMode: RecordMode }) {
  const station = useStation();
  const load = useCallback((from: string, to: string) => station.call('dashboard.stats', { from, to }), [station]);
  return (
    <DashboardView
      load={load}
      note={
        stationMode !== 'live' && (
          <p className="notice notice-info dashboard-mode" data-testid="dashboard-mode-note">
            This station runs in {stationMode} mode. The figures count live records only: the items made here in {stationMode} mode do not appear, and drills are counted apart.
          </p>
        )
      }
    />
  );
}

export interface DashboardViewProps {
  /** The figures of a period, from wherever this dashboard reads them (a new function: asked again). */
  load(from: string, to: string): Promise<AnyDashboardStats>;
  /** Controls beside the period picker (the console's station choice). */
  controls?: ReactNode;
  /** Said above the figures. */
  note?: ReactNode;
  /** Asks again every so often while shown (0: only when the period or the source changes). */
  refreshMs?: number;
}

/** The dashboard's period picker and figures, whatever they are read from: the station's screen and the console's. */
export function DashboardView({ load, controls, note, refreshMs = 0 }: DashboardViewProps) {
  const [period, setPeriod] = useState<Period>({ kind: 'last7' });
  const [stats, setStats] = useState<AnyDashboardStats | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const today = localIsoDate(new Date());
  const dates = periodDates(period, today);
  const from = 'from' in dates ? dates.from : null;
  const to = 'to' in dates ? dates.to : null;

  useEffect(() => {
    if (refreshMs <= 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);

  useEffect(() => {
    if (from === null || to === null) return;
    let cancelled = false;
    setLoading(true);
    load(from, to).then(
      (result) => {
        if (cancelled) return;
        setStats(result);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (cancelled) return;
        setError(toStationRequestError(caught));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, from, to, tick]);

  return (
    <section className="dashboard-screen" aria-labelledby="dashboard-title" data-testid="dashboard-screen" aria-busy={loading} data-loaded={stats !== null && !loading ? `${stats.from}..${stats.to}` : undefined}>
      <div className="dashboard-head">
        <h1 id="dashboard-title">Dashboard</h1>
        {controls}
        <PeriodPicker period={period} today={today} onPeriod={setPeriod} problem={'problem' in dates ? dates.problem : null} />
      </div>
      {note}
      <ErrorNotice error={error} />
      {stats !== null && <DashboardFigures stats={stats} />}
    </section>
  );
}

/** The figures of a period; a station-only figure (null: the site does not hold it) is said to be so, never drawn as zero. */
export function DashboardFigures({ stats }: { stats: AnyDashboardStats }) {
  const sums = useMemo(() => totals(stats), [stats]);
  const days = useMemo(() => stats.itemsPerDay.map((day) => ({ ...day, label: formatShortDate(day.date) })), [stats]);
  const outcomes = useMemo(() => outcomeRows(stats), [stats]);
  const incidents = useMemo(() => incidentRows(stats), [stats]);
  const incidentOutcomes = useMemo(() => outcomeOfIncidentRows(stats), [stats]);
  const devices = useMemo(() => (stats.deviceUptime === null ? null : uptimeRows({ deviceUptime: stats.deviceUptime })), [stats]);
  const periodWords = stats.from === stats.to ? formatLongDate(stats.from) : `${formatLongDate(stats.from)} to ${formatLongDate(stats.to)}`;

  return (
    <>
      <p className="dashboard-period" data-testid="dashboard-period">
        {periodWords}
      </p>
      <ul className="dashboard-totals" aria-label="Totals for the period" data-testid="dashboard-totals">
        <Total label="Items received" value={sums.received} testId="total-received" />
        <Total label="Cleared" value={sums.cleared} testId="total-cleared" />
        <Total label="Marked suspect" value={sums.suspect} testId="total-suspect" alert={sums.suspect > 0} />
        <Total label="Incidents open" value={sums.incidentsOpen} testId="total-incidents-open" alert={sums.incidentsOpen > 0} />
        <Total label="Incidents closed" value={sums.incidentsClosed} testId="total-incidents-closed" />
        <Total label="Drills" value={sums.drills} testId="total-drills" />
      </ul>

      <div className="dashboard-grid">
        <ChartCard title="Items per day" id="chart-items" testId="chart-items" wide>
          <BarChart data={days} maxBarSize={48} responsive accessibilityLayer={false} style={CHART_SIZE} margin={{ top: 22, right: 8, bottom: 4, left: 0 }}>
            <AlertHatch />
            <CartesianGrid stroke="#c6ccd4" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={44} />
            <Tooltip />
            <Legend itemSorter={null} formatter={legendText} />
            <Bar dataKey="received" name="Received" fill={COLOURS.received} isAnimationActive={false}>
              <LabelList dataKey="received" position="top" formatter={nonZero} style={CHART_TEXT} />
            </Bar>
            <Bar dataKey="cleared" name="Cleared" fill={COLOURS.cleared} isAnimationActive={false}>
              <LabelList dataKey="cleared" position="top" formatter={nonZero} style={CHART_TEXT} />
            </Bar>
            <Bar dataKey="suspect" name="Suspect (hatched)" fill={`url(#${HATCH_ALERT})`} isAnimationActive={false}>
              <LabelList dataKey="suspect" position="top" formatter={nonZero} style={CHART_TEXT} />
            </Bar>
          </BarChart>
          <FigureTable caption="Items per day" testId="table-items" head={['Day', 'Received', 'Cleared', 'Suspect']} open={stats.itemsPerDay.length <= 10}>
            {stats.itemsPerDay.map((day) => (
              <tr key={day.date} data-testid="table-items-row" data-date={day.date}>
                <th scope="row">{formatLongDate(day.date)}</th>
                <td data-testid="cell-received">{day.received}</td>
                <td data-testid="cell-cleared">{day.cleared}</td>
                <td data-testid="cell-suspect">{day.suspect}</td>
              </tr>
            ))}
          </FigureTable>
        </ChartCard>

        <ChartCard title="Screening outcomes" detail="Where the items received in the period stand now." id="chart-outcomes" testId="chart-outcomes">
          {outcomes.length === 0 ? (
            <p className="empty">No live items were received in the period.</p>
          ) : (
            <BarChart data={outcomes} layout="vertical" responsive accessibilityLayer={false} style={CHART_SIZE} margin={{ top: 4, right: 36, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#c6ccd4" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
              <YAxis type="category" dataKey="name" tick={AXIS_TICK} width={110} />
              <Tooltip />
              <Bar dataKey="count" name="Items" fill={COLOURS.received} maxBarSize={36} isAnimationActive={false}>
                <LabelList dataKey="count" position="right" style={CHART_TEXT} />
              </Bar>
            </BarChart>
          )}
          {outcomes.length > 0 && (
            <FigureTable caption="Screening outcomes" testId="table-outcomes" head={['State now', 'Items']}>
              {outcomes.map((row) => (
                <tr key={row.state} data-testid="table-outcomes-row" data-state={row.state}>
                  <th scope="row">{row.name}</th>
                  <td>{row.count}</td>
                </tr>
              ))}
            </FigureTable>
          )}
        </ChartCard>

        <ChartCard title="Incidents by type" id="chart-incidents" testId="chart-incidents">
          <BarChart data={incidents} layout="vertical" responsive accessibilityLayer={false} style={CHART_SIZE} margin={{ top: 4, right: 36, bottom: 4, left: 8 }}>
            <AlertHatch />
            <CartesianGrid stroke="#c6ccd4" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="name" tick={AXIS_TICK} width={170} />
            <Tooltip />
            <Legend itemSorter={null} formatter={legendText} />
            <Bar dataKey="open" name="Open (hatched)" stackId="incidents" fill={`url(#${HATCH_ALERT})`} isAnimationActive={false} />
            <Bar dataKey="closed" name="Closed" stackId="incidents" fill={COLOURS.closed} isAnimationActive={false}>
              <LabelList valueAccessor={(entry: { payload?: { open?: number; closed?: number } }) => (entry.payload?.open ?? 0) + (entry.payload?.closed ?? 0)} position="right" formatter={nonZero} style={CHART_TEXT} />
            </Bar>
          </BarChart>
          <FigureTable caption="Incidents by type (live)" testId="table-incidents" head={['Type', 'Open', 'Closed']}>
            {incidents.map((row) => (
              <tr key={row.type} data-testid="table-incidents-row" data-type={row.type}>
                <th scope="row">{row.name}</th>
                <td>{row.open}</td>
                <td>{row.closed}</td>
              </tr>
            ))}
          </FigureTable>
          <p className="dashboard-note" data-testid="incident-outcomes">
            <strong>Closed incidents by outcome:</strong>{' '}
            {incidentOutcomes.length === 0 ? 'none in the period' : incidentOutcomes.map((row) => `${row.name} ${row.count}`).join(' · ')}
            {' — '}
            <strong>Drills:</strong> {stats.incidents.drills}
          </p>
        </ChartCard>

        <AfterClearanceCard figures={stats.afterClearance} />

        <ChartCard title="Device uptime" detail="Share of the time each device reported, online, in fault or offline." id="chart-devices" testId="chart-devices" wide>
          {devices === null ? (
            <p className="dashboard-note" data-testid="device-uptime-station-only">
              <strong>Station-only.</strong> A station’s device health is kept at the station, not in its record, so the site does not hold it: open the dashboard at the station. The Stations screen shows each station’s X-ray warnings as its record holds them.
            </p>
          ) : devices.length === 0 ? (
            <p className="empty">No device reported in the period.</p>
          ) : (
            <BarChart data={devices} layout="vertical" responsive accessibilityLayer={false} style={CHART_SIZE} margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <AlertHatch />
              <CartesianGrid stroke="#c6ccd4" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} unit=" %" tick={AXIS_TICK} />
              <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={220} />
              <Tooltip />
              <Legend itemSorter={null} formatter={legendText} />
              <Bar dataKey="online" name="Online" stackId="uptime" fill={COLOURS.online} isAnimationActive={false} />
              <Bar dataKey="fault" name="Fault (hatched)" stackId="uptime" fill={`url(#${HATCH_ALERT})`} isAnimationActive={false} />
              <Bar dataKey="offline" name="Offline" stackId="uptime" fill={COLOURS.offline} isAnimationActive={false} />
            </BarChart>
          )}
          {devices !== null && devices.length > 0 && (
            <FigureTable caption="Device uptime" testId="table-devices" head={['Device', 'Online', 'Fault', 'Offline', 'Changes']}>
              {devices.map((row) => (
                <tr key={row.deviceId} data-testid="table-devices-row" data-device-id={row.deviceId}>
                  <th scope="row">{row.label}</th>
                  <td>{formatPercent(row.online)}</td>
                  <td>{formatPercent(row.fault)}</td>
                  <td>{formatPercent(row.offline)}</td>
                  <td>{row.changes}</td>
                </tr>
              ))}
            </FigureTable>
          )}
        </ChartCard>
      </div>
    </>
  );
}

/** Hand-overs and notices in the period, and the cleared items still waiting for their recipient now, by age. */
function AfterClearanceCard({ figures }: { figures: AnyDashboardStats['afterClearance'] }) {
  const { notices, waiting } = figures;
  const longest = waiting.oldestSince === null ? null : Math.floor((Date.now() - Date.parse(waiting.oldestSince)) / 86_400_000);
  return (
    <ChartCard title="After clearance" detail="Live items handed over and notices sent in the period; items waiting for their recipient now." id="chart-after-clearance" testId="chart-after-clearance">
      <table className="items figures" data-testid="table-after-clearance">
        <caption className="visually-hidden">After clearance</caption>
        <tbody>
          <tr>
            <th scope="row">Handed over</th>
            <td data-testid="cell-delivered">{figures.delivered}</td>
          </tr>
          <tr>
            <th scope="row">Notices sent</th>
            <td data-testid="cell-notices-sent">{notices.sent}</td>
          </tr>
          <tr className={notices.bounced + notices.failed > 0 ? 'figure-alert' : undefined}>
            <th scope="row">Notices bounced / failed</th>
            <td data-testid="cell-notices-undelivered">
              {notices.bounced} / {notices.failed}
            </td>
          </tr>
          <tr>
            <th scope="row">Notices waiting to be sent now</th>
            <td data-testid="cell-notices-pending">{notices.pending === null ? <span className="muted">station-only (the site does not hold a station’s send queue)</span> : notices.pending}</td>
          </tr>
        </tbody>
      </table>
      <table className="items figures" data-testid="table-waiting">
        <caption>Waiting for their recipient now: {waiting.total}</caption>
        <thead>
          <tr>
            <th scope="col">Under a day</th>
            <th scope="col">1–3 days</th>
            <th scope="col">3–7 days</th>
            <th scope="col">A week or more</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="table-waiting-row">
            <td>{waiting.byAge.underDay}</td>
            <td>{waiting.byAge.days1to3}</td>
            <td>{waiting.byAge.days3to7}</td>
            <td className={waiting.byAge.week > 0 ? 'figure-alert' : undefined}>{waiting.byAge.week}</td>
          </tr>
        </tbody>
      </table>
      {longest !== null && (
        <p className="dashboard-note" data-testid="waiting-longest">
          The longest has waited {longest === 0 ? 'less than a day' : `${longest} day${longest === 1 ? '' : 's'}`} since it was cleared.
        </p>
      )}
    </ChartCard>
  );
}

function Total({ label, value, testId, alert = false }: { label: string; value: number; testId: string; alert?: boolean }) {
  return (
    <li className={alert ? 'dashboard-total dashboard-total-alert' : 'dashboard-total'} data-testid={testId} data-value={value}>
      <span className="dashboard-total-value">
        {alert && <span aria-hidden="true">⚠ </span>}
        {value}
      </span>
      <span className="dashboard-total-label">{label}</span>
    </li>
  );
}

/** One chart and its figures: the drawing is for the eye; the table says the same to everyone. */
function ChartCard({ title, detail, id, testId, wide = false, children }: { title: string; detail?: string; id: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={wide ? 'panel dashboard-card dashboard-card-wide' : 'panel dashboard-card'} aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`}>{title}</h2>
      {detail !== undefined && <p className="field-hint">{detail}</p>}
      {children}
    </section>
  );
}

function FigureTable({ caption, testId, head, open = true, children }: { caption: string; testId: string; head: readonly string[]; open?: boolean; children: ReactNode }) {
  return (
    <details className="dashboard-table" open={open}>
      <summary>Figures as a table</summary>
      <table className="items figures" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </details>
  );
}
