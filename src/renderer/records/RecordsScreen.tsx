import { useState } from 'react';
import type { RecordMode, Role } from '../../shared/contract/index.ts';
import { LegalHoldsPanel } from './LegalHoldsPanel.tsx';
import { ReportsPanel } from './ReportsPanel.tsx';
import { RetentionPanel } from './RetentionPanel.tsx';
import { SearchPanel } from './SearchPanel.tsx';
import './records.css';

type Section = 'search' | 'reports' | 'holds' | 'retention';

const SECTIONS: ReadonlyArray<{ value: Section; label: string; roles: readonly Role[] }> = [
  { value: 'search', label: 'Find items', roles: ['screener', 'coordinator', 'admin'] },
  { value: 'reports', label: 'Reports and exports', roles: ['coordinator', 'admin'] },
  { value: 'holds', label: 'Legal holds', roles: ['coordinator', 'admin'] },
  { value: 'retention', label: 'Retention and backup', roles: ['admin'] },
];

/**
 * The station's records: find any item; for coordinators and admins the reports, the audit export
 * and legal holds; for admins retention and backup. Each part shows only to the roles the station
 * serves it to (main refuses the others anyway).
 */
export function RecordsScreen({ role, stationMode, onOpen, onHistory }: { role: Role; stationMode: RecordMode; onOpen(custodyId: string): void; onHistory(custodyId: string): void }) {
  const sections = SECTIONS.filter((section) => section.roles.includes(role));
  const [section, setSection] = useState<Section>('search');
  return (
    <section className="records-screen" aria-labelledby="records-title" data-testid="records-screen">
      <h1 id="records-title">{sections.length === 1 ? 'Find an item' : 'Records'}</h1>
      {sections.length > 1 && (
        <nav className="records-sections" aria-label="Records sections">
          {sections.map(({ value, label }) => (
            <button key={value} type="button" className={section === value ? 'nav-tab nav-active' : 'nav-tab'} aria-pressed={section === value} onClick={() => setSection(value)} data-testid={`records-section-${value}`}>
              {label}
            </button>
          ))}
        </nav>
      )}
      {section === 'search' && <SearchPanel onOpen={onOpen} onHistory={onHistory} />}
      {section === 'reports' && <ReportsPanel stationMode={stationMode} />}
      {section === 'holds' && <LegalHoldsPanel />}
      {section === 'retention' && <RetentionPanel />}
    </section>
  );
}
