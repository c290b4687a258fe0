// The import rules of DESIGN.md ("Layers and folders"), as one ESLint rule so that a layering
// violation fails `npm test`. It resolves every relative import against the importing file, so
// `../../main/x.ts` is caught however deep it is written. Besides the layers, src/main/workflow is
// a layer of its own (pure state machines: shared only), and each layer's npm packages are an
// allow-list, so a PDF or mail library imported where it does not belong fails lint.
import path from 'node:path';
import { builtinModules } from 'node:module';
import { importVisitors } from './importVisitors.js';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'serialport', 'node-hid', 'ws', 'electron', '@serialport/', 'pdfkit', 'dejavu-fonts-ttf', 'pg', 'csv-parse', 'nodemailer', 'ldapts'];
const DOM_PACKAGES = ['react', 'react-dom'];

/**
 * The npm packages each layer may import (today's imports; an entry ending in "/" is a scope).
 * A new entry is a design decision: check it against DESIGN.md's layer first. The renderer takes
 * bwip-js's browser build only (the label preview), never its Node entry.
 */
const MAIN_PACKAGES = ['zod', 'better-sqlite3', 'bwip-js', 'canonicalize', 'pdfkit', 'ws', 'dejavu-fonts-ttf', 'pg', 'csv-parse', 'nodemailer', 'ldapts'];
export const PACKAGES = {
  shared: ['zod', 'canonicalize'],
  workflow: ['zod'],
  renderer: ['react', 'react-dom', 'recharts', 'zod', 'bwip-js/browser'],
  hardware: ['zod', 'serialport', '@serialport/', 'node-hid'],
  main: MAIN_PACKAGES,
  'electron-host': [...MAIN_PACKAGES, 'electron'],
};

/** Where each layer lives, for messages. */
const FOLDER = {
  shared: 'src/shared',
  workflow: 'src/main/workflow',
  renderer: 'src/renderer',
  hardware: 'src/hardware',
  main: 'src/main',
  'electron-host': 'src/main/hosts/electron',
};

/** Which layer a repository-relative path belongs to. */
export function layerOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  if (p.startsWith('src/main/hosts/electron/')) return 'electron-host';
  if (p.startsWith('src/main/workflow/')) return 'workflow';
  if (p.startsWith('src/shared/')) return 'shared';
  if (p.startsWith('src/hardware/')) return 'hardware';
  if (p.startsWith('src/main/')) return 'main';
  if (p.startsWith('src/renderer/')) return 'renderer';
  return null;
}

const MAY_IMPORT = {
  shared: ['shared'],
  workflow: ['shared', 'workflow'],
  hardware: ['shared', 'hardware'],
  main: ['shared', 'hardware', 'workflow', 'main'],
  'electron-host': ['shared', 'hardware', 'workflow', 'main', 'electron-host'],
  renderer: ['shared', 'renderer'],
};

function isPackage(spec, names) {
  return names.some((n) => (n.endsWith('/') ? spec.startsWith(n) : spec === n || spec.startsWith(`${n}/`)));
}

function check(layer, spec, fileAbs, root) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = path.relative(root, path.resolve(path.dirname(fileAbs), spec));
    const targetLayer = layerOf(target);
    if (targetLayer && !MAY_IMPORT[layer].includes(targetLayer)) {
      return `${FOLDER[layer]} may not import ${target} (layer "${targetLayer}"); see DESIGN.md "Layers and folders"`;
    }
    return null;
  }
  if (spec === 'electron' || spec.startsWith('electron/')) {
    return layer === 'electron-host' ? null : `only src/main/hosts/electron may import "${spec}"`;
  }
  if (layer === 'shared' || layer === 'renderer') {
    if (NODE_BUILTINS.has(spec) || spec.startsWith('node:') || isPackage(spec, NODE_ONLY_PACKAGES)) {
      return `src/${layer} runs outside Node and may not import the Node module "${spec}"`;
    }
  }
  if (layer === 'workflow' && (NODE_BUILTINS.has(spec) || spec.startsWith('node:'))) {
    return `src/main/workflow is pure (no I/O) and may not import the Node module "${spec}"; it imports src/shared only`;
  }
  if (layer === 'shared' && isPackage(spec, DOM_PACKAGES)) {
    return `src/shared runs anywhere and may not import the DOM library "${spec}"`;
  }
  if ((layer === 'hardware' || layer === 'main') && isPackage(spec, DOM_PACKAGES)) {
    return `src/${layer} is Node code and may not import the DOM library "${spec}"`;
  }
  if (!NODE_BUILTINS.has(spec) && !spec.startsWith('node:') && !isPackage(spec, PACKAGES[layer])) {
    return `${FOLDER[layer]} may not import the npm package "${spec}": it is not on the layer's allow-list (PACKAGES in eslint-rules/layers.js); see DESIGN.md "Layers and folders"`;
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer import rules of DESIGN.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const fileAbs = context.filename;
    const layer = layerOf(path.relative(root, fileAbs));
    if (!layer) return {};
    const report = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = check(layer, source.value, fileAbs, root);
      if (message) context.report({ node: source, message });
    };
    return importVisitors(report);
  },
};
