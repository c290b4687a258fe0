import type { CabinetStatus } from '../../shared/contract/index.ts';
import { Icon } from '../ui/index.ts';

type Row = { label: string; value: string; alarm: boolean };

/**
 * The cabinet's door, interlock, key, beam and fault exactly as it reported them. The station is
 * not in the radiation-safety chain (DESIGN.md invariant 5): this reports, it never assumes.
 */
export function CabinetPanel({ status }: { status: CabinetStatus | null }) {
  if (status === null) {
    return (
      <section className="cabinet cabinet-unknown" aria-label="X-ray cabinet" data-testid="cabinet-panel" data-ready="unknown">
        <p className="cabinet-head">
          <Icon kind="offline" /> X-ray cabinet: no report yet
        </p>
        <p className="field-hint">The station has heard nothing from a cabinet. A scan request will tell you if none is connected.</p>
      </section>
    );
  }
  const rows: Row[] = [
    { label: 'Link', value: status.online ? 'connected' : 'not connected', alarm: !status.online },
    { label: 'Door', value: status.door, alarm: status.door !== 'closed' },
    { label: 'Interlock', value: status.interlock, alarm: status.interlock !== 'ok' },
    { label: 'Key switch', value: status.keySwitch, alarm: status.keySwitch !== 'on' },
    { label: 'Beam', value: status.beam === 'on' ? 'ON — X-rays being produced' : status.beam, alarm: status.beam !== 'off' },
    { label: 'Fault', value: status.fault ?? 'none reported', alarm: status.fault !== null },
  ];
  return (
    <section className={`cabinet ${status.ready ? 'cabinet-ready' : 'cabinet-not-ready'}`} aria-label="X-ray cabinet" data-testid="cabinet-panel" data-ready={String(status.ready)}>
      <p className="cabinet-head">
        <Icon kind={status.ready ? 'online' : 'fault'} /> X-ray cabinet {status.ready ? 'ready for a scan' : 'not ready'}
      </p>
      <dl className="cabinet-states">
        {rows.map((row) => (
          <div key={row.label} className={row.alarm ? 'cabinet-state cabinet-alarm' : 'cabinet-state'} data-testid={`cabinet-${row.label.toLowerCase().replace(' ', '-')}`}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
