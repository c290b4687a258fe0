import type { CabinetReport } from '../protocols/index.ts';
import type { ScanRefusalReason } from './xrayCabinet.ts';

export interface ScanGateRefusal {
  reason: ScanRefusalReason;
  detail: string;
}

/**
 * Decides whether the station may send SCAN now, from the cabinet's last report alone. Every
 * field must positively say "safe": unknown is treated like open, because a request sent on a
 * guess is exactly what the station must never do. Returns null when the request may go out;
 * the cabinet can still refuse it.
 */
export function scanGate(report: CabinetReport | null, online: boolean): ScanGateRefusal | null {
  if (!online || report === null) return { reason: 'offline', detail: 'the cabinet is not connected or has not reported its state' };
  if (report.door === 'open') return { reason: 'door-open', detail: 'the cabinet door is open: close it before scanning' };
  if (report.door !== 'closed') return { reason: 'door-unknown', detail: 'the cabinet has not reported its door closed' };
  if (report.interlock === 'open') return { reason: 'interlock-open', detail: 'the cabinet interlock is open' };
  if (report.interlock !== 'ok') return { reason: 'interlock-unknown', detail: 'the cabinet has not reported its interlock state' };
  if (report.keySwitch === 'off') return { reason: 'key-off', detail: 'the cabinet key switch is off: turn the key to scan' };
  if (report.keySwitch !== 'on') return { reason: 'key-unknown', detail: 'the cabinet has not reported its key switch' };
  if (report.fault !== null) return { reason: 'fault', detail: `the cabinet reports a fault: ${report.fault}` };
  if (!report.faultReported) return { reason: 'fault-unknown', detail: 'the cabinet has not reported whether it has a fault' };
  if (report.beam === 'on') return { reason: 'beam-on', detail: 'the beam is already on' };
  if (report.beam !== 'off') return { reason: 'beam-unknown', detail: 'the cabinet has not reported its beam state' };
  if (report.ready === false) return { reason: 'not-ready', detail: 'the cabinet reports it is not ready' };
  return null;
}

/** The contract's `ready`: the cabinet's own word when it gives one, never more than the gate allows. */
export function reportIsReady(report: CabinetReport | null, online: boolean): boolean {
  return scanGate(report, online) === null && report?.ready !== false;
}
