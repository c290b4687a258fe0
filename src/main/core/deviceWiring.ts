import type { DeviceManager } from '../../hardware/index.ts';
import type { CabinetStatus, DeviceClass, ScaleReading } from '../../shared/contract/index.ts';
import type { DeviceRegistry } from './deviceRegistry.ts';
import type { EventBus } from './eventBus.ts';
import type { ScaleReadings } from './scaleReadings.ts';
import type { CabinetControl, ScreeningService } from './screeningService.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** What the devices' events reach in the station: each a narrow part, none the station itself. */
export interface DeviceWiringPorts {
  registry: Pick<DeviceRegistry, 'register' | 'unregister' | 'report'>;
  scales: Pick<ScaleReadings, 'report'>;
  /** The last status each X-ray cabinet reported, as reported. */
  cabinets: Map<string, CabinetStatus>;
  bus: Pick<EventBus, 'publish'>;
  /** A hardware scan: to what the operator's screen waits for, else intake; a badge on a locked station. */
  takeScan(deviceId: string, data: string, symbology: string | null): void;
  attachImage: ScreeningService['attachImage'];
  /** Where a cabinet's warning and a device reconfiguration are recorded. */
  workflow: Pick<WorkflowContext, 'store' | 'mode' | 'actor'>;
}

function describeReading(r: ScaleReading): string {
  const value = r.value === null ? '—' : `${r.value} ${r.unit}`;
  return r.condition === 'stable' ? `${value} stable` : `${value} (${r.condition.replace(/([A-Z])/g, ' $1').toLowerCase()})`;
}

/** The cabinet side of the screening service: the device manager's cabinets. */
export function cabinetControl(manager: () => DeviceManager): CabinetControl {
  return {
    requestScan: async (deviceId, scanRef) => {
      const result = await manager().requestScan(deviceId, scanRef);
      if (result.accepted && result.deviceId) return { accepted: true, deviceId: result.deviceId };
      return { accepted: false, reason: result.accepted ? 'no cabinet answered' : result.detail };
    },
  };
}

/**
 * Connects the device manager to the station: scans go where the operator's screen waits for them (or to intake), readings feed the weigh step
 * and the screen, cabinet status and images reach the X-ray step, and every device's health
 * reaches the device bar. Returns the unwiring (every subscription undone), so a manager that is
 * replaced by a new configuration no longer reaches the station.
 */
export function wireDevices(station: DeviceWiringPorts, manager: DeviceManager, simulated: boolean): () => void {
  const classes = new Map<string, DeviceClass>();
  for (const device of manager.devices) {
    classes.set(device.id, device.deviceClass);
    station.registry.register({ deviceId: device.id, deviceClass: device.deviceClass, name: device.name, simulated });
  }
  const unsubscribers = [
    manager.on('health', ({ id, health, detail }) => station.registry.report(id, { health, detail })),
    manager.on('scan', ({ deviceId, data, symbology }) => station.takeScan(deviceId, data, symbology)),
    manager.on('reading', (reading) => {
      station.scales.report(reading);
      station.registry.report(reading.deviceId, { lastReading: describeReading(reading) });
    }),
    manager.on('cabinet', (status) => {
      station.cabinets.set(status.deviceId, status);
      station.bus.publish('cabinet.status', status);
      const parts = [`door ${status.door}`, `interlock ${status.interlock}`, `key ${status.keySwitch}`, `beam ${status.beam}`];
      station.registry.report(status.deviceId, { lastReading: status.fault ? `fault: ${status.fault}` : parts.join(', ') });
    }),
    manager.on('image', ({ deviceId, scanRef, sha256, path }) => {
      if (!station.attachImage(scanRef, sha256, path)) {
        station.registry.report(deviceId, { detail: `image ${sha256.slice(0, 12)}… matched no scan at this station` });
      }
    }),
    manager.on('cabinetWarning', (warning) => {
      const w = station.workflow;
      // An image that belongs to no pending scan is evidence of something: record it, attach it to nothing.
      // A hot-folder file refused (a symlink, a FIFO, too big, not an image) is someone offering the
      // station a file it must not take: recorded by its escaped name and the reason, never its content.
      const refused = warning.kind === 'file-refused' && warning.refused;
      w.store.transaction(() =>
        w.store.audit.append({
          actor: `device:${warning.deviceId}`,
          kind: refused ? 'xray.fileRefused' : `xray.${warning.kind}`,
          subjectType: 'device',
          subjectId: warning.deviceId,
          mode: w.mode,
          payload: refused
            ? { file: refused.file, reason: refused.reason }
            : { detail: warning.detail, scanRef: warning.scanRef ?? null, path: warning.path ?? null, sha256: warning.sha256 ?? null },
        }),
      );
      station.registry.report(warning.deviceId, { detail: warning.detail });
    }),
    manager.on('printer', (status) => {
      if (status.condition) {
        station.registry.report(status.deviceId, { lastReading: status.condition.labelsRemaining > 0 ? `${status.condition.labelsRemaining} labels waiting` : 'ready' });
      }
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
