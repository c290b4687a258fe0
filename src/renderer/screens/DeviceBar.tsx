import { useEffect, useState } from 'react';
import type { DeviceHealth, DeviceStatus } from '../../shared/contract/index.ts';
import { toStationRequestError, type StationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { ERROR_ADVICE } from '../ui/errorAdvice.ts';
import { Icon } from '../ui/Icon.tsx';
import { LabelQueueChip, LabelQueueList } from './DeviceLive.tsx';
import { DiskChip } from '../disk/DiskChip.tsx';
import { useDiskStatus } from '../disk/useDiskStatus.ts';

const HEALTH_WORDS: Readonly<Record<DeviceHealth, string>> = {
  online: 'Online',
  offline: 'Offline',
  fault: 'Fault',
};

function upsert(devices: readonly DeviceStatus[], status: DeviceStatus): DeviceStatus[] {
  const index = devices.findIndex((device) => device.deviceId === status.deviceId);
  if (index === -1) return [...devices, status];
  return devices.map((device, i) => (i === index ? status : device));
}

/**
 * Every device's reported state, live. Icon shape and word carry the state, colour only repeats it.
 * `refreshKey` changes when the list must be fetched again (a new link to the station).
 */
export function DeviceBar({ refreshKey }: { refreshKey: number }) {
  const station = useStation();
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);
  const disk = useDiskStatus(refreshKey);

  useEffect(() => {
    let cancelled = false;
    station.call('device.list', {}).then(
      (result) => {
        if (cancelled) return;
        setDevices(result.devices);
        setError(null);
      },
      (caught: unknown) => {
        if (!cancelled) setError(toStationRequestError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station, refreshKey]);

  useStationEvent('device.status', (status) => setDevices((current) => upsert(current, status)));

  return (
    <section className="device-bar" aria-label="Devices" data-testid="device-bar">
      {error !== null && (
        <p className="device-bar-error" data-code={error.code}>
          <Icon kind="fault" /> Device states unknown: {error.message} {ERROR_ADVICE[error.code]}
        </p>
      )}
      {error === null && devices.length === 0 && <p className="muted">No devices configured.</p>}
      <ul className="devices">
        {devices.map((device) => (
          <li
            key={device.deviceId}
            className={`device device-${device.health}`}
            data-testid="device-status"
            data-device-id={device.deviceId}
            data-health={device.health}
            title={[device.name, HEALTH_WORDS[device.health], device.detail, device.lastReading].filter((part) => part !== null).join(' — ')}
          >
            <Icon kind={device.health} />
            <span className="device-text">
              <span className="device-name">{device.name}</span>
              <span className="device-health">
                {HEALTH_WORDS[device.health]}
                {device.detail !== null && ` — ${device.detail}`}
              </span>
              {device.lastReading !== null && (
                <span className="device-reading" data-testid="device-reading">
                  {device.lastReading}
                </span>
              )}
            </span>
          </li>
        ))}
        <LabelQueueChip open={queueOpen} onToggle={() => setQueueOpen(!queueOpen)} />
        <DiskChip status={disk} />
      </ul>
      {queueOpen && <LabelQueueList />}
    </section>
  );
}
