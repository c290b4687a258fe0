// A FIFO named sop/zz.json used to freeze the whole station: at start (serve never served) and on
// sop.reload (no screen could even connect). Now it is refused as not a regular file, the other
// SOPs stay in force, and another connection is answered meanwhile.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { INCIDENT_TYPES } from '../../src/shared/domain/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIMIT_MS = 40_000;
const TEST_TIMEOUT_MS = 90_000;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function scratch(): { data: string; renderer: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'mailscreen-sop-fifo-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const renderer = path.join(root, 'renderer');
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  const data = path.join(root, 'data');
  mkdirSync(path.join(data, 'sop'), { recursive: true });
  return { data, renderer };
}

/** Starts serve; resolves its URL, or null if it exits or hangs instead of serving. */
function serve(data: string, renderer: string): Promise<string | null> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--data', data, '--renderer', renderer], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), LIMIT_MS);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

interface Screen {
  call(command: string, args?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } } | 'no answer'>;
}

async function screen(url: string): Promise<Screen> {
  const { host, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token')!;
  const ws = new WebSocket(`ws://${host}/station`, { origin: `http://${host}` });
  cleanups.push(() => ws.terminate());
  const waiting = new Map<number, (result: never) => void>();
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: never };
    if (message.type === 'ready') ready();
    if (message.type === 'result' && message.id !== undefined) waiting.get(message.id)?.(message.result!);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', token }));
  await isReady;
  let next = 1;
  return {
    call: (command, args = {}) => {
      const id = next++;
      ws.send(JSON.stringify({ type: 'call', id, command, args }));
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve('no answer'), LIMIT_MS);
        waiting.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
  };
}

describe('a FIFO among the SOP files', () => {
  it('at start: the station serves (it used to wait for a writer for ever)', async () => {
    const { data, renderer } = scratch();
    execFileSync('mkfifo', [path.join(data, 'sop', 'zz.json')]);
    const url = await serve(data, renderer);
    expect(url, 'serve started and printed its URL').not.toBeNull();
  }, TEST_TIMEOUT_MS);

  it('on sop.reload: the reload answers with the file refused, the other SOPs stay, and another screen is answered meanwhile', async () => {
    const { data, renderer } = scratch();
    const url = await serve(data, renderer);
    expect(url).not.toBeNull();
    const admin = await screen(url!);
    const other = await screen(url!);
    expect(await admin.call('session.setup', { badge: 'ADMIN-7301', name: 'Site Admin', pin: '730519' })).toMatchObject({ ok: true });
    execFileSync('mkfifo', [path.join(data, 'sop', 'zz.json')]);

    const [reload, info] = await Promise.all([admin.call('sop.reload'), other.call('station.info')]);
    expect(info).toMatchObject({ ok: true });
    expect(reload).toMatchObject({ ok: true });
    const errors = (reload as { value: { errors: Array<{ file: string; message: string }> } }).value.errors;
    expect(errors.map((e) => e.message).join('\n')).toMatch(/zz\.json: is not a regular file/);

    const status = await admin.call('sop.status');
    expect(status).toMatchObject({ ok: true });
    const protocols = (status as { value: { protocols: Array<{ incidentType: string; source: string }> } }).value.protocols;
    expect(protocols.map((p) => p.incidentType).sort()).toEqual([...INCIDENT_TYPES].sort());
    expect(protocols.every((p) => p.source === 'default')).toBe(true);
    expect(await other.call('station.info')).toMatchObject({ ok: true });
  }, TEST_TIMEOUT_MS);
});
