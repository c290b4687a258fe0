import type { DeviceHealthStatus } from './deviceHealth.ts';
import type { CabinetStatus } from '../../shared/contract/index.ts';

// What the station core sees of any X-ray cabinet, whatever it speaks. The software is not in
// the radiation-safety chain (DESIGN.md invariant 5): an adapter reads the cabinet's telemetry,
// asks for scans, passes refusals through, and refuses locally whenever the last report does
// not positively say the cabinet is closed, interlocked, keyed on and fault-free.

/** Why a scan was not started. Station-side reasons come first; the cabinet's codes follow. */
export type ScanRefusalReason =
  | 'invalid-ref'
  | 'offline'
  | 'busy'
  | 'door-open'
  | 'door-unknown'
  | 'interlock-open'
  | 'interlock-unknown'
  | 'key-off'
  | 'key-unknown'
  | 'beam-on'
  | 'beam-unknown'
  | 'fault'
  | 'fault-unknown'
  | 'not-ready'
  | 'no-answer'
  | 'send-failed'
  | 'stopped'
  | 'other';

export type ScanRequestResult =
  | { accepted: true }
  | {
      accepted: false;
      reason: ScanRefusalReason;
      /** Who said no: the station never sent the request, or the cabinet refused it. */
      by: 'station' | 'cabinet';
      /** Operator-readable explanation. */
      detail: string;
    };

export interface XrayImage {
  deviceId: string;
  scanRef: string;
  /** The copy in the station's image store: `<imageStore>/<sha256>.<ext>`. */
  path: string;
  sha256: string;
  bytes: number;
  receivedAt: string;
}

export type XrayHealth = DeviceHealthStatus;

export type XrayWarningKind = 'unclaimed-image' | 'scan-failed' | 'scan-timeout' | 'image-error' | 'protocol' | 'file-refused';

export interface XrayWarning {
  deviceId: string;
  kind: XrayWarningKind;
  detail: string;
  scanRef: string | null;
  /** For an unclaimed image: where it was kept (the store copy), so nothing is silently lost. */
  path: string | null;
  sha256: string | null;
  /** For a refused hot-folder file: its name (escaped) and why, never its content. */
  refused?: { file: string; reason: string };
}

export interface XrayCabinetEvents {
  status: CabinetStatus;
  image: XrayImage;
  health: XrayHealth;
  warning: XrayWarning;
}

export interface XrayCabinetAdapter {
  readonly id: string;
  /** The cabinet's last report (a copy); everything unknown while offline. */
  readonly status: CabinetStatus;
  requestScan(scanRef: string): Promise<ScanRequestResult>;
  on<K extends keyof XrayCabinetEvents & string>(event: K, listener: (payload: XrayCabinetEvents[K]) => void): () => void;
  start(): void;
  stop(): Promise<void>;
}

/** What the station shows when it has no report: never an assumed state. */
export function unknownCabinetStatus(deviceId: string, at: Date = new Date()): CabinetStatus {
  return {
    deviceId,
    online: false,
    door: 'unknown',
    interlock: 'unknown',
    keySwitch: 'unknown',
    beam: 'unknown',
    fault: null,
    ready: false,
    at: at.toISOString(),
  };
}
