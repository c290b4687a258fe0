import { useState } from 'react';
import type { Operator, StationInfo } from '../../shared/contract/index.ts';
import { ScanWaiting } from '../scan/index.ts';
import { useStation } from '../station/index.ts';
import { ROLE_NAMES } from '../ui/index.ts';

interface StationHeaderProps {
  info: StationInfo;
  operator: Operator | null;
  onLocked(): void;
}

/** Which station this is and who is working at it, with the Lock button always in the same place. */
export function StationHeader({ info, operator, onLocked }: StationHeaderProps) {
  const station = useStation();
  const [locking, setLocking] = useState(false);

  const lock = async () => {
    setLocking(true);
    try {
      await station.call('session.logout', {});
    } catch (error) {
      // Locking the screen must never be refused; a dropped link ends the station's session anyway.
      console.warn('Logout was not confirmed by the station', error);
    } finally {
      setLocking(false);
      onLocked();
    }
  };

  return (
    <header className="station-header" data-testid="station-header">
      <div className="station-id">
        <span className="brand">Mailscreen</span>
        <span>
          Station <strong data-testid="station-id">{info.stationId}</strong>
        </span>
        {info.mode === 'drill' && <span className="tag tag-mode">Drill</span>}
      </div>
      <ScanWaiting />
      {operator !== null && (
        <>
          <div className="operator" data-testid="operator">
            <span className="operator-name" data-testid="operator-name">
              {operator.name}
            </span>
            <span className="operator-role" data-testid="operator-role">
              {ROLE_NAMES[operator.role]}
            </span>
          </div>
          <button type="button" className="button button-light" onClick={lock} disabled={locking} data-testid="lock-button">
            Lock
          </button>
        </>
      )}
    </header>
  );
}
