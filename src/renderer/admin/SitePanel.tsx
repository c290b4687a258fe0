import { useRef, useState, type FormEvent } from 'react';
import { HOT_FOLDER_MAX_MEGABYTES_LIMIT, type DisplayUnit, type RiskLevel, type SiteSettings } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useSite } from '../site/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';
import { useFieldProblems } from './fieldProblem.tsx';

const RISK_NAMES: Readonly<Record<RiskLevel, { label: string; detail: string }>> = {
  low: { label: 'Low', detail: 'Visual inspection of all mail; X-ray at the site’s choice.' },
  medium: { label: 'Medium', detail: 'Every parcel, tube and padded envelope is X-rayed.' },
  high: { label: 'High', detail: 'All mail is X-rayed.' },
};
const UNIT_NAMES: Readonly<Record<DisplayUnit, string>> = { g: 'grams (g)', kg: 'kilograms (kg)', oz: 'ounces (oz)', lb: 'pounds (lb)' };

/** The site policy: risk level, auto-lock, display unit. Admins change it; the station records each change. */
export function SitePanel({ settings }: { settings: SiteSettings }) {
  const station = useStation();
  const { replace } = useSite();
  const action = useAction();
  const [riskLevel, setRiskLevel] = useState<RiskLevel>(settings.riskLevel);
  const [displayUnit, setDisplayUnit] = useState<DisplayUnit>(settings.displayUnit);
  const [autoLock, setAutoLock] = useState(String(settings.autoLockMinutes));
  const [siteName, setSiteName] = useState(settings.siteName);
  const [diskWarning, setDiskWarning] = useState(String(settings.diskWarningGigabytes));
  const [imageLimit, setImageLimit] = useState(String(settings.hotFolderMaxMegabytes));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const problems = useFieldProblems(form);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    setSaved(null);
    const minutes = Number(autoLock);
    // What was typed stays; the field says what is wrong and takes the focus.
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) return problems.refuse('site-autolock', 'Auto-lock is a whole number of minutes, 1 to 240.');
    const gigabytes = Number(diskWarning);
    if (!Number.isInteger(gigabytes) || gigabytes < 1 || gigabytes > 100_000) return problems.refuse('site-disk-warning', 'The disk warning is a whole number of GB, 1 to 100000.');
    const megabytes = Number(imageLimit);
    if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > HOT_FOLDER_MAX_MEGABYTES_LIMIT) {
      return problems.refuse('site-image-limit', `The largest X-ray image is a whole number of megabytes, 1 to ${HOT_FOLDER_MAX_MEGABYTES_LIMIT}.`);
    }
    problems.clear();
    const result = await action.run(() =>
      station.call('site.update', { riskLevel, displayUnit, autoLockMinutes: minutes, siteName: siteName.trim(), diskWarningGigabytes: gigabytes, hotFolderMaxMegabytes: megabytes }),
    );
    if (result) {
      replace(result.settings);
      setSaved('Saved. The new policy applies to the next step of every item.');
    }
  };
  return (
    <form className="panel admin-panel subform" ref={form} onSubmit={submit} noValidate data-testid="site-form">
      <h2>Site policy</h2>
      <TextField label="Site name" value={siteName} onValue={setSiteName} testId="site-name" />
      <Choice legend="Risk level" name="risk" options={(['low', 'medium', 'high'] as const).map((value) => ({ value, ...RISK_NAMES[value] }))} value={riskLevel} onValue={setRiskLevel} testId="site-risk" />
      <Choice legend="Show weights in" name="unit" options={(['g', 'kg', 'oz', 'lb'] as const).map((value) => ({ value, label: UNIT_NAMES[value] }))} value={displayUnit} onValue={setDisplayUnit} testId="site-unit" />
      <TextField label="Auto-lock after (minutes idle)" inputMode="numeric" value={autoLock} {...problems.bind('site-autolock', setAutoLock)} />
      <TextField label="Warn when the data disk has less free than (GB)" inputMode="numeric" value={diskWarning} {...problems.bind('site-disk-warning', setDiskWarning)} />
      <TextField label="Largest X-ray image from a cabinet’s hot folder (MB)" inputMode="numeric" value={imageLimit} {...problems.bind('site-image-limit', setImageLimit)} />
      <ErrorNotice error={action.error} />
      <p role="status" className="form-done" data-testid="site-status">
        {saved}
      </p>
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="site-save">
        Save site policy
      </button>
    </form>
  );
}
