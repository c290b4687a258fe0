import { StationFailure } from '../../shared/contract/index.ts';
import { actorOf } from '../commands/index.ts';
import type { DeviceRegistry } from './deviceRegistry.ts';
import type { EventBus } from './eventBus.ts';
import type { IntakeService } from './intakeService.ts';
import type { Sessions } from './sessions.ts';

export interface HardwareScanDeps {
  sessions: Pick<Sessions, 'working' | 'front' | 'claimOf' | 'noteWorkOn'>;
  intake: Pick<IntakeService, 'scan'>;
  registry: Pick<DeviceRegistry, 'report'>;
  bus: Pick<EventBus, 'publish'>;
}

/** What becomes of a scan from any of the station's scanners (serial, HID, Electron's keyboard wedge). */
export interface ScanRouting {
  take(deviceId: string, data: string, symbology: string | null): void;
  /** A scan the scanner's driver read but could not use (a burst without its terminator): the screen in front says so. */
  refuse(deviceId: string, message: string): void;
}

const NOT_TAKEN_HERE = 'A scan was read, but this screen does not take scans (nothing was taken in). Finish or leave this screen, then scan again.';

/**
 * One routing for every scanner. A scan belongs to the operator logged in at the station (there is
 * one at a time) and goes where their screen said it waits for the next scan (session.scanClaim): a
 * badge, a seal number or a responder ID is pushed to that screen to fill in; only when the screen
 * waits for an item, or for nothing in particular, does the scan become intake. With every screen
 * locked, nobody can vouch for an item, so the scan is offered to the lock screen in front as a badge.
 */
export function scanRouting({ sessions, intake, registry, bus }: HardwareScanDeps): ScanRouting {
  return {
    take: (deviceId, data, symbology) => {
      const session = sessions.working();
      if (!session) {
        bus.publish('scan.badge', { deviceId, code: data }, sessions.front()?.id ?? null);
        return;
      }
      const waitingFor = sessions.claimOf(session);
      if (waitingFor === 'nothing') {
        registry.report(deviceId, { detail: 'scan not taken: the screen in front takes no scans' });
        bus.publish('scan.refused', { deviceId, message: NOT_TAKEN_HERE }, session.id);
        return;
      }
      if (waitingFor !== null && waitingFor !== 'item') {
        bus.publish('scan.claimed', { deviceId, code: data, symbology, waitingFor }, session.id);
        registry.report(deviceId, { lastReading: `scanned for the screen (${waitingFor})` });
        return;
      }
      try {
        const { item, created } = intake.scan({ code: data, symbology, actor: actorOf(session), source: `device:${deviceId}` });
        sessions.noteWorkOn(item.custodyId);
        registry.report(deviceId, { lastReading: `${item.custodyId} ← ${data}` });
        bus.publish('scan.received', { deviceId, item, created }, session.id);
      } catch (error) {
        // A question for the operator (check digit, closed item): the intake screen asks it.
        if (error instanceof StationFailure && (error.code === 'CONFIRM_AS_TYPED' || error.code === 'CONFIRM_NEW_ITEM')) {
          bus.publish('scan.question', { deviceId, code: data, symbology, kind: error.code === 'CONFIRM_AS_TYPED' ? 'asTyped' : 'newItem', message: error.message });
          registry.report(deviceId, { lastReading: `asked the operator about ${data}` });
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        registry.report(deviceId, { detail: `scan not taken in: ${message}` });
        bus.publish('scan.refused', { deviceId, message: `The scan was not taken in: ${message}` }, session.id);
      }
    },
    refuse: (deviceId, message) => {
      registry.report(deviceId, { detail: message });
      const session = sessions.front();
      if (session) bus.publish('scan.refused', { deviceId, message }, session.id);
    },
  };
}
