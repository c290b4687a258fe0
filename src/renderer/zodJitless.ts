import { z } from 'zod';

// The CSP has no 'unsafe-eval'. Without this, zod probes `new Function` while the contract's schemas
// are built, and Chromium reports even that caught probe as a CSP violation. Must be imported before
// anything that builds a schema: main.tsx imports it first.
z.config({ jitless: true });
