import { useState } from 'react';
import { shiftIsoDate } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';
import type { Period } from './dashboardFigures.ts';

type Kind = Period['kind'];

const KINDS: ReadonlyArray<{ value: Kind; label: string }> = [
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'custom', label: 'Pick the dates' },
];

/**
 * The dashboard's period: the last 7 or 30 days up to today, or two dates. Picked dates apply as
 * they are typed; a period the station would refuse is said here, before asking.
 */
export function PeriodPicker({ period, today, problem, onPeriod }: { period: Period; today: string; problem: string | null; onPeriod(period: Period): void }) {
  // The custom dates are kept while the operator switches back and forth between the choices.
  const [custom, setCustom] = useState({ from: shiftIsoDate(today, -13), to: today });
  const choose = (kind: Kind) => onPeriod(kind === 'custom' ? { kind, ...custom } : { kind });
  const edit = (next: { from: string; to: string }) => {
    setCustom(next);
    onPeriod({ kind: 'custom', ...next });
  };
  return (
    <div className="period-picker" data-testid="period-picker">
      <Choice legend="Period" name="period" options={KINDS} value={period.kind} onValue={choose} testId="period" />
      {period.kind === 'custom' && (
        <div className="field-pair period-dates">
          <TextField label="First day" type="date" max={today} value={custom.from} onValue={(from) => edit({ ...custom, from })} testId="period-from" />
          <TextField label="Last day" type="date" max={today} value={custom.to} onValue={(to) => edit({ ...custom, to })} testId="period-to" />
        </div>
      )}
      {problem !== null && (
        <p className="notice notice-error" role="alert" data-testid="period-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
