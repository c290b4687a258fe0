import WebSocket from 'ws';
import type { CommandResult } from '../../src/shared/contract/index.ts';

/**
 * A screen on the web host as a script sees it: the WebSocket, `hello` with the token, then calls
 * by id. Answers are matched to calls whatever order they arrive in; `answered` keeps the order.
 */
export class StationSocket {
  readonly ws: WebSocket;
  /** Call ids in the order their answers arrived. */
  readonly answered: number[] = [];
  readonly #pending = new Map<number, (result: CommandResult<unknown>) => void>();
  #nextId = 1;
  #closed: Promise<number>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.#closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: CommandResult<unknown> };
      if (message.type !== 'result' || message.id === undefined) return;
      this.answered.push(message.id);
      const resolve = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      resolve?.(message.result!);
    });
  }

  /** Opens a screen on the host at `url` (the URL `serve` prints, token in the fragment). */
  static async open(url: string): Promise<StationSocket> {
    const page = new URL(url);
    const token = new URLSearchParams(page.hash.slice(1)).get('token');
    if (!token) throw new Error(`no token in ${url}`);
    const ws = new WebSocket(`ws://${page.host}/station`, { origin: `http://${page.host}` });
    const screen = new StationSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        if ((JSON.parse(data.toString()) as { type: string }).type !== 'ready') return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.once('close', (code) => reject(new Error(`the host closed the screen (${code}) before it was ready`)));
    });
    ws.send(JSON.stringify({ type: 'hello', token }));
    await ready;
    return screen;
  }

  /** Sends a call; its id is returned at once with the answer's promise (which never resolves if the link drops). */
  send<T = unknown>(command: string, args: unknown = {}): { id: number; answer: Promise<CommandResult<T>> } {
    const id = this.#nextId++;
    const answer = new Promise<CommandResult<T>>((resolve) => this.#pending.set(id, resolve as (r: CommandResult<unknown>) => void));
    this.ws.send(JSON.stringify({ type: 'call', id, command, args }));
    return { id, answer };
  }

  call<T = unknown>(command: string, args: unknown = {}): Promise<CommandResult<T>> {
    return this.send<T>(command, args).answer;
  }

  /** The close code, once the host or the script closed the link. */
  closed(): Promise<number> {
    return this.#closed;
  }

  close(): void {
    this.ws.terminate();
  }
}

export function okValue<T>(result: CommandResult<T>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}
