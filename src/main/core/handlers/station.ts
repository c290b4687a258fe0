import type { StationInfo } from '../../../shared/contract/index.ts';
import type { AreaHandlers } from '../../commands/index.ts';
import type { DiskSpace } from '../diskSpace.ts';

export interface StationHandlerPorts {
  info(): StationInfo;
  disk: Pick<DiskSpace, 'status'>;
}

/** What the station is and how full its disk is. */
export function stationHandlers({ info, disk }: StationHandlerPorts): AreaHandlers<'station' | 'disk'> {
  return {
    'station.info': () => info(),
    'disk.status': () => disk.status(),
  };
}
