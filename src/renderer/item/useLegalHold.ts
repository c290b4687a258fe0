import { useEffect, useState } from 'react';
import type { LegalHoldView } from '../../shared/contract/index.ts';
import { useSite } from '../site/index.ts';
import { useStation } from '../station/index.ts';

/**
 * The legal hold in force on this item (or on its incident), for the HOLD mark in the workspace
 * header. The station lists holds to coordinators and admins only, so a screener sees no mark:
 * the list is not asked for at all rather than refused.
 */
export function useLegalHold(custodyId: string, incidentId: number | null, refreshKey: number): LegalHoldView | null {
  const station = useStation();
  const { operator } = useSite();
  const mayList = operator.role === 'coordinator' || operator.role === 'admin';
  const [hold, setHold] = useState<LegalHoldView | null>(null);

  useEffect(() => {
    if (!mayList) return;
    let cancelled = false;
    station.call('records.legalHold', { action: 'list' }).then(
      ({ holds }) => {
        if (cancelled) return;
        const onThis = (candidate: LegalHoldView) =>
          candidate.releasedAt === null &&
          ((candidate.subjectType === 'item' && candidate.subjectId === custodyId) || (candidate.subjectType === 'incident' && incidentId !== null && candidate.subjectId === String(incidentId)));
        setHold(holds.find(onThis) ?? null);
      },
      // The mark is a courtesy: without the list the item's work goes on, the Records screen has the holds.
      (caught: unknown) => console.warn('Legal holds not listed for the workspace', caught),
    );
    return () => {
      cancelled = true;
    };
  }, [station, mayList, custodyId, incidentId, refreshKey]);

  return mayList ? hold : null;
}
