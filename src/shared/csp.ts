/**
 * The one Content-Security-Policy of the renderer, sent by both hosts as a header (and kept in
 * index.html as a meta tag for the built file). Nothing external: every script, style, font and
 * image ships with the app; the only connection is back to the host that served the page.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
