import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CommandResult } from '../../../shared/contract/index.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/index.ts';
import type { StationConnection, StationEndpoint } from '../../core/index.ts';
import { isAppUrl } from './origin.ts';
import { stderrLog } from '../../log.ts';

const log = stderrLog();

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Checklist #17: a call counts only when it comes from the kiosk window's own WebContents, from
 * its main frame (not an iframe), while that frame shows a page at the app origin.
 */
export function isTrustedSender(event: SenderEvent, win: BrowserWindow): boolean {
  if (win.isDestroyed()) return false;
  if (event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (frame === null || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

export const FORBIDDEN_SENDER: CommandResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from the station screen and was refused.' },
};

export interface KioskIpc {
  /** Drop the screen's session and start a fresh one (after the renderer crashed or reloaded). */
  reconnect(): void;
  /** Remove the handler and close the connection. */
  dispose(): void;
}

/**
 * Bridges the kiosk window to the station: one invoke channel for every command, one send channel
 * for events. The host moves contract messages and nothing else; the station validates arguments
 * and authorizes, so an unknown command or bad arguments come back as its own refusal.
 */
export function installIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, win: BrowserWindow, endpoint: StationEndpoint): KioskIpc {
  let connection: StationConnection | null = null;
  let unsubscribe: (() => void) | null = null;

  const connect = (): StationConnection => {
    const next = endpoint.connect();
    unsubscribe = next.onEvent((event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
    });
    connection = next;
    return next;
  };

  const disconnect = (): void => {
    unsubscribe?.();
    unsubscribe = null;
    connection?.close();
    connection = null;
  };

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, command: unknown, args: unknown): Promise<CommandResult<unknown>> => {
    if (!isTrustedSender(event, win)) {
      log.warn(`refused an IPC call from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      return FORBIDDEN_SENDER;
    }
    if (typeof command !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'A command name must be a string.' } };
    }
    return (connection ?? connect()).call(command, args);
  });

  connect();
  return {
    reconnect() {
      disconnect();
      connect();
    },
    dispose() {
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
      disconnect();
    },
  };
}
