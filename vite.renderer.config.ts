import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { RENDERER_CSP } from './src/shared/csp.ts';

const CSP_PLACEHOLDER = '%MAILSCREEN_RENDERER_CSP%';

/**
 * Directives a browser ignores in a meta tag, and logs an error for. The hosts send the full policy
 * as a header, where they do apply.
 */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

export const RENDERER_META_CSP = RENDERER_CSP.split(';')
  .map((directive) => directive.trim())
  .filter((directive) => !HEADER_ONLY_DIRECTIVES.includes(directive.split(/\s+/)[0] ?? ''))
  .join('; ');

/**
 * Writes the one CSP of src/shared/csp.ts (less its header-only directives) into index.html's meta
 * tag, so the built file and the hosts' header cannot drift apart. Build only: the dev server's React refresh preamble is an
 * inline script that this CSP (rightly) forbids; in development the hosts' header applies.
 */
function rendererCsp(): Plugin {
  return {
    name: 'mailscreen-renderer-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_PLACEHOLDER)) {
          throw new Error(`src/renderer/index.html must carry the CSP meta tag with content="${CSP_PLACEHOLDER}"`);
        }
        const escaped = RENDERER_META_CSP.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
        return html.replaceAll(CSP_PLACEHOLDER, escaped);
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  // Relative asset URLs work both under app:// (Electron) and http:// (the web host).
  base: './',
  publicDir: false,
  plugins: [react(), rendererCsp()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows no data: scripts and the kiosk loads nothing from outside: every asset is a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
