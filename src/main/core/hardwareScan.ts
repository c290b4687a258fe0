import { StationFailure } from '../../shared/contract/index.ts';
import { actorOf } from '../commands/index.ts';
import type { DeviceRegistry } from './deviceRegistry.ts';
import type { EventBus } from './eventBus.ts';
import type { IntakeService } from './intakeService.ts';
import type { Sessions } from './sessions.ts';

export interface HardwareScanDeps {
  sessions: Pick<Sessions, 'working' | 'noteWorkOn'>;
  intake: Pick<IntakeService, 'scan'>;
  registry: Pick<DeviceRegistry, 'report'>;
  bus: Pick<EventBus, 'publish'>;
}

/**
 * A hardware scan belongs to the operator working at the station: the most recently active
 * logged-in screen. With every screen locked, nobody can vouch for the item, so it is not taken in.
 */
export function hardwareScan({ sessions, intake, registry, bus }: HardwareScanDeps): (deviceId: string, data: string, symbology: string | null) => void {
  return (deviceId, data, symbology) => {
    const session = sessions.working();
    if (!session) {
      // Nobody can vouch for an item on a locked station, so it is not taken in; the lock screen
      // takes the scan as a badge instead.
      bus.publish('scan.badge', { deviceId, code: data });
      return;
    }
    try {
      const { item } = intake.scan({ code: data, symbology, actor: actorOf(session), source: `device:${deviceId}` });
      sessions.noteWorkOn(item.custodyId);
      registry.report(deviceId, { lastReading: `${item.custodyId} ← ${data}` });
    } catch (error) {
      // A question for the operator (check digit, closed item): the intake screen asks it.
      if (error instanceof StationFailure && (error.code === 'CONFIRM_AS_TYPED' || error.code === 'CONFIRM_NEW_ITEM')) {
        bus.publish('scan.question', { deviceId, code: data, symbology, kind: error.code === 'CONFIRM_AS_TYPED' ? 'asTyped' : 'newItem', message: error.message });
        registry.report(deviceId, { lastReading: `asked the operator about ${data}` });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      registry.report(deviceId, { detail: `scan not taken in: ${message}` });
    }
  };
}
