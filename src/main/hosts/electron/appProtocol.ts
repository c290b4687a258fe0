import fs from 'node:fs/promises';
import type { Protocol } from 'electron';
import { RENDERER_CSP } from '../../../shared/csp.ts';
import { contentTypeFor, isInside, resolveAppPath } from './appPath.ts';
import { APP_SCHEME } from './origin.ts';

/**
 * Must run before app 'ready'. `standard` gives app:// real origins and relative URL resolution,
 * `secure` makes it a secure context like https, `supportFetchAPI` lets the page fetch its own
 * assets. No `bypassCSP`, no `corsEnabled` beyond the app's own origin, no service workers.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Headers on every response: the renderer CSP as a header (checklist #7), and no sniffing. */
function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * The app:// handler: serves files from the built renderer folder and nothing else. Anything that
 * resolves outside it, including through a symlink, is a 404, exactly like a missing file, so a
 * probe learns nothing about the disk.
 */
export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: securityHeaders('text/plain; charset=utf-8') });
    }
    const filePath = resolveAppPath(rendererDir, request.url);
    if (filePath === null) return notFound();
    try {
      const [realRoot, realFile] = await Promise.all([fs.realpath(rendererDir), fs.realpath(filePath)]);
      if (!isInside(realRoot, realFile)) return notFound();
      const stat = await fs.stat(realFile);
      if (!stat.isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await fs.readFile(realFile);
      return new Response(body, { status: 200, headers: securityHeaders(contentTypeFor(realFile)) });
    } catch {
      return notFound();
    }
  };
}

/** After 'ready': route app:// of the given session's protocol to the renderer folder. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
