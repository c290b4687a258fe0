import type { IncidentType } from '../../shared/contract/index.ts';
import { INCIDENT_TYPES } from '../../shared/domain/index.ts';
import { Choice } from '../ui/index.ts';
import { INCIDENT_TYPE_NAMES } from '../ui/index.ts';

/** Which protocol to open. A suggested type is marked, never forced: the operator chooses. */
export function IncidentTypeChoice({ value, onValue, suggested, testId }: { value: IncidentType | null; onValue(type: IncidentType): void; suggested: ReadonlySet<IncidentType>; testId: string }) {
  return (
    <Choice
      legend="What kind of threat?"
      hint={suggested.size > 0 ? 'Suggested from what was ticked or found. Choose what you believe.' : 'Choose the closest. “Other suspicion” is fine if unsure.'}
      name="incident-type"
      options={INCIDENT_TYPES.map((type) => ({ value: type, label: INCIDENT_TYPE_NAMES[type], detail: suggested.has(type) ? 'Suggested' : undefined }))}
      value={value}
      onValue={onValue}
      testId={testId}
    />
  );
}
