import { useEffect, useState } from 'react';
import type { DeviceStatus } from '../../shared/contract/index.ts';
import { toStationRequestError, type StationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { ERROR_ADVICE } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { LabelQueueChip, LabelQueueList } from './DeviceLive.tsx';
import { DiskChip } from '../disk/index.ts';
import { useDiskStatus } from '../disk/index.ts';
import { SiteLinkChip, useSiteLinkStatus } from '../siteLink/index.ts';
import { useRovingFocus } from '../ui/index.ts';
import { deviceWords } from './deviceWords.ts';

function upsert(devices: readonly DeviceStatus[], status: DeviceStatus): DeviceStatus[] {
  const index = devices.findIndex((device) => device.deviceId === status.deviceId);
  if (index === -1) return [...devices, status];
  return devices.map((device, i) => (i === index ? status : device));
}

/**
 * Every device's reported state, live, on one short line so the work area keeps its room on a
 * 1366×768 panel: icon, name and state word per chip (cut with an ellipsis when long). The whole
 * text shows on focus or hover, in the title, and in the device panel a chip opens. Icon shape and
 * word carry the state, colour only repeats it. `refreshKey` changes when the list must be fetched
 * again (a new link to the station).
 */
export function DeviceBar({ refreshKey }: { refreshKey: number }) {
  const station = useStation();
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const disk = useDiskStatus(refreshKey);
  const siteLink = useSiteLinkStatus(refreshKey);
  // The chips are one Tab stop (the arrow keys move along them), so the bar costs the keyboard
  // operator one press on the way past it.
  const roving = useRovingFocus<HTMLUListElement>(devices.length, '[data-testid="device-chip"]');

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
      <ul
        className="devices"
        ref={roving.container}
        onKeyDown={(event) => {
          if (event.target instanceof HTMLElement && event.target.dataset.testid === 'device-chip') roving.onKeyDown(event);
        }}
      >
        {devices.map((device, index) => {
          const words = deviceWords(device);
          const tipId = `device-tip-${device.deviceId}`;
          return (
            <li
              key={device.deviceId}
              className={`device device-${device.health}`}
              data-testid="device-status"
              data-device-id={device.deviceId}
              data-health={device.health}
              title={words.full}
            >
              <button
                type="button"
                className="device-chip"
                aria-expanded={panelOpen}
                aria-controls="device-panel"
                aria-describedby={tipId}
                tabIndex={index === roving.stop ? 0 : -1}
                onFocus={() => roving.onFocusAt(index)}
                onClick={() => setPanelOpen(!panelOpen)}
                data-testid="device-chip"
              >
                <Icon kind={device.health} />
                <span className="device-text">
                  <span className="device-name">{device.name}</span>
                  <span className="device-health">{words.health}</span>
                  {words.reading !== null && (
                    <span className="device-reading" data-testid="device-reading">
                      {words.reading}
                    </span>
                  )}
                </span>
              </button>
              <span id={tipId} className="device-tip" role="tooltip" data-testid="device-tip">
                {words.full}
              </span>
            </li>
          );
        })}
        <LabelQueueChip open={queueOpen} onToggle={() => setQueueOpen(!queueOpen)} />
        <DiskChip status={disk} />
        <SiteLinkChip status={siteLink} />
      </ul>
      {panelOpen && <DevicePanel devices={devices} onClose={() => setPanelOpen(false)} />}
      {queueOpen && <LabelQueueList />}
    </section>
  );
}

/** Every device in full, one per line: what the compact bar cuts short. */
function DevicePanel({ devices, onClose }: { devices: readonly DeviceStatus[]; onClose(): void }) {
  return (
    <section id="device-panel" className="device-panel" aria-label="Device details" data-testid="device-panel">
      <ul className="device-panel-list">
        {devices.map((device) => {
          const words = deviceWords(device);
          return (
            <li key={device.deviceId} className={`device-panel-row device-${device.health}`} data-testid="device-panel-row" data-device-id={device.deviceId}>
              <Icon kind={device.health} />
              <strong className="device-panel-name">{words.name}</strong>
              <span className="device-panel-state">{words.state}</span>
              {words.reading !== null && <span className="device-panel-reading">{words.reading}</span>}
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button-small" onClick={onClose} data-testid="device-panel-close">
        Close device details
      </button>
    </section>
  );
}
