import { useEffect, useState } from 'react';
import type { LabelLayout } from '../../shared/labels/index.ts';
import { useAction } from '../hooks/index.ts';
import { LabelPreview } from '../labels/index.ts';
import { usePrintQueue } from '../site/index.ts';
import { toStationRequestError, useStation, useStationEvent, type StationRequestError } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';

type Template = LabelLayout['template'];

const TEMPLATE_WORDS: Readonly<Record<Template, string>> = { clearance: 'Clearance label', custody: 'Custody label' };
/** The size the station prints both labels at (deviceWiring: clearance labels on 4×6 stock). */
const SIZE = '4x6';

const PRINT_ADVICE = {
  UNAVAILABLE: 'Check the printer in the device bar (paper, head, cable), then press Print again.',
  INVALID_STATE: 'Wait until the printer reports the last label printed or failed, then reprint.',
  NOT_FOUND: 'Nothing was printed for this item yet: press Print label first.',
} as const;

/**
 * The label as the printer will print it (label.preview: the very layout the ZPL is made from),
 * with Print, or Reprint once one was printed (the station marks a reprint as a reprint).
 * A draft is the clearance label as it will print if the operator clears now: shown, never printed
 * from here (clearing prints it).
 */
export function LabelPanel({ custodyId, template, draft = false }: { custodyId: string; template: Template; draft?: boolean }) {
  const station = useStation();
  const { jobs, note } = usePrintQueue();
  const print = useAction();
  const [layout, setLayout] = useState<LabelLayout | null>(null);
  const [loadError, setLoadError] = useState<StationRequestError | null>(null);
  const [version, setVersion] = useState(0);
  const printed = jobs.some((job) => job.subject === custodyId && job.template === template);

  useEffect(() => {
    let cancelled = false;
    station.call('label.preview', { custodyId, template, size: SIZE, ...(draft ? { draft: true } : {}) }).then(
      (result) => {
        if (cancelled) return;
        setLayout(result.layout);
        setLoadError(null);
      },
      (caught: unknown) => {
        if (!cancelled) setLoadError(toStationRequestError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station, custodyId, template, draft, version]);

  // The label shows the item's record (custody, seals): draw it again when the record changes.
  useStationEvent('item.changed', ({ item }) => {
    if (item.custodyId === custodyId) setVersion((n) => n + 1);
  });

  const send = async () => {
    const result = await print.run(() => station.call('label.print', { custodyId, template, size: SIZE, reprint: printed }));
    if (result) note(result.job);
  };

  return (
    <section className="label-panel" aria-label={draft ? `${TEMPLATE_WORDS[template]} as it will print` : TEMPLATE_WORDS[template]} data-testid={`label-panel-${template}`} data-draft={draft ? 'true' : undefined}>
      <h3>{draft ? `${TEMPLATE_WORDS[template]} as it will print` : TEMPLATE_WORDS[template]}</h3>
      <ErrorNotice error={loadError} next={{ INVALID_STATE: 'The label can be drawn once the item has reached this step.' }} />
      {layout !== null && (
        <div className="label-panel-preview">
          <LabelPreview layout={layout} />
        </div>
      )}
      {!draft && <ErrorNotice error={print.error} next={PRINT_ADVICE} />}
      {!draft && (
        <button type="button" className="button" disabled={print.busy || layout === null} onClick={send} data-testid={`label-print-${template}`} data-reprint={printed ? 'true' : 'false'}>
          {print.busy ? 'Sending to the printer…' : printed ? 'Reprint label' : 'Print label'}
        </button>
      )}
    </section>
  );
}
