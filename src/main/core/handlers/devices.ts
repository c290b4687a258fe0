import { StationFailure, type CabinetStatus } from '../../../shared/contract/index.ts';
import { discoverDevices } from '../../../hardware/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { DemoControls } from '../demoControls.ts';
import type { DeviceConfigService } from '../deviceConfigService.ts';
import type { DeviceRegistry } from '../deviceRegistry.ts';
import type { ScaleReadings } from '../scaleReadings.ts';

export interface DeviceHandlerPorts {
  registry: Pick<DeviceRegistry, 'list'>;
  scales: Pick<ScaleReadings, 'all'>;
  cabinets: ReadonlyMap<string, CabinetStatus>;
  deviceConfig: DeviceConfigService;
  /** The simulators' controls; null at a station with real devices. */
  demo: DemoControls | null;
}

/** The devices' status and live readings, their configuration, discovery, and the demo drawer. */
export function deviceHandlers({ registry, scales, cabinets, deviceConfig, demo }: DeviceHandlerPorts): AreaHandlers<'device' | 'demo'> {
  const simulators = () => {
    if (!demo) throw new StationFailure('INVALID_STATE', 'This station is running real devices; the simulators exist only in demo mode.');
    return demo;
  };
  return {
    'device.list': () => ({ devices: registry.list() }),
    'device.live': () => ({ scales: scales.all(), cabinets: [...cabinets.values()] }),
    'device.discover': async () => {
      const found = await discoverDevices();
      return {
        candidates: [
          ...found.serial.map((c) => ({ kind: c.kind, path: c.path, vendorId: c.vendorId, productId: c.productId, manufacturer: c.manufacturer, description: c.serialNumber, role: null })),
          ...found.hid.map((c) => ({ kind: c.kind, path: c.path, vendorId: c.vendorId, productId: c.productId, manufacturer: c.manufacturer, description: c.product, role: c.role })),
        ],
        errors: found.errors,
      };
    },
    'device.config': () => deviceConfig.view(),
    'device.configure': ({ devices: next }, { session }) => deviceConfig.configure(next, operatorOf(session)),
    'demo.injectScan': async ({ code }) => {
      await simulators().scan(code);
      return { ok: true as const };
    },
    'demo.scale': ({ grams }) => {
      simulators().scale(grams);
      return { ok: true as const };
    },
    'demo.scaleAnswer': ({ answer }) => {
      simulators().scaleAnswer(answer);
      return { ok: true as const };
    },
    'demo.cabinet': (change) => {
      simulators().cabinet(change);
      return { ok: true as const };
    },
    'demo.printer': (change) => {
      simulators().printer(change);
      return { ok: true as const };
    },
    'demo.plug': async ({ deviceId, plugged }) => {
      await simulators().setPlugged(deviceId, plugged);
      return { ok: true as const };
    },
  };
}
