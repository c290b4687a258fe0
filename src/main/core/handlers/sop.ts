import type { AreaHandlers } from '../../commands/index.ts';
import type { ProtocolSource } from '../incidentService.ts';

export interface SopHandlerPorts {
  protocols: Pick<ProtocolSource, 'status' | 'reload'>;
}

/** The incident protocols (SOP files) in force, and reloading them after a site edit. */
export function sopHandlers({ protocols }: SopHandlerPorts): AreaHandlers<'sop'> {
  return {
    'sop.status': () => {
      const status = protocols.status();
      return { loadedAt: status.loadedAt, protocols: status.protocols.map((p) => ({ ...p, agenciesWithoutContact: [...p.agenciesWithoutContact] })), errors: [...status.errors] };
    },
    'sop.reload': () => ({ errors: [...protocols.reload().errors] }),
  };
}
