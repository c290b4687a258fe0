// DESIGN.md "Layers and folders": no import reaches past a folder's index.ts into its internals.
// A folder's index.ts says what it offers; everything else in it is its own business.
//
// The rule, exactly. Resolve each relative import (import, export ... from, import(), require)
// against the importing file. Let C be the deepest folder that holds both the importing file and
// the imported module. Then:
// - the module lies directly in C (the importer's own folder, or a folder that encloses it: a
//   subfolder belongs to its parent's area, so core/handlers/x.ts may import ../sessions.ts):
//   allowed;
// - otherwise the module lies in a folder D below C, and the import must name the index.ts of the
//   first folder below C on the way to D. So core/x.ts imports ./handlers/index.ts, cli/x.ts
//   imports ../store/index.ts (not ../store/operators.ts, nor ../store/readModels/index.ts), and
//   store/index.ts itself enters readModels/ through readModels/index.ts.
// A folder that holds no files of its own, only folders (src/main/hosts/), is a grouping, not a
// module: it is passed through, so ../hosts/web/index.ts names the web host's index; a file directly
// in a grouping (src/shared/csp.ts) is a module of its own. Importing a parent's index.ts from
// inside is allowed by the first case but easily makes a cycle; the madge test
// (test/unit/import-cycles.test.ts) refuses those.
// Scope: the files under src/main, src/hardware, src/shared and src/renderer. A renderer folder's
// index.ts offers what the other folders use and never a lazily loaded screen itself (the dashboard,
// the label panel): it offers the Lazy* wrapper, whose import() stays inside the folder, so the
// screen's chunk still loads on demand. Tests and benches may import internals: they test them.
// Package imports are the layers rule's business.
import fs from 'node:fs';
import path from 'node:path';
import { importVisitors } from './importVisitors.js';

const SOURCE = /\.(ts|tsx|js|mjs|cjs|jsx)$/;
const groupingCache = new Map();

/**
 * Layer folders that group modules rather than being one: src/shared offers contract/, domain/,
 * devices/ and labels/ (and csp.ts), each with its own index.ts, and has no index of its own because
 * the renderer and the main process each take a different part of it.
 */
export const GROUPING_FOLDERS = ['src/shared'];

/** A folder with no source files directly in it, only folders, or a listed grouping: passed through. */
function isGrouping(root, dirAbs) {
  if (GROUPING_FOLDERS.includes(posix(path.relative(root, dirAbs)))) return true;
  if (!groupingCache.has(dirAbs)) {
    let entries = [];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      // not on disk: not a grouping
    }
    groupingCache.set(dirAbs, entries.length > 0 && !entries.some((e) => e.isFile() && SOURCE.test(e.name)));
  }
  return groupingCache.get(dirAbs);
}

const posix = (p) => p.split(path.sep).join('/');

/** The folders whose files the rule applies to. */
export const SCOPE = ['src/main/', 'src/hardware/', 'src/shared/', 'src/renderer/'];

function inScope(relPath) {
  const p = posix(relPath);
  return SCOPE.some((folder) => p.startsWith(folder));
}

/** The repository-relative folder an import must name the index.ts of, or null when it is allowed. */
export function folderEntered(root, fromFileAbs, targetAbs) {
  let target = targetAbs;
  try {
    if (fs.statSync(target).isDirectory()) target = path.join(target, 'index.ts');
  } catch {
    // not on disk (a file being linted as text): judge the path as written
  }
  const fromDir = path.dirname(fromFileAbs);
  const rel = path.relative(fromDir, target);
  const up = rel.split(path.sep).filter((s) => s === '..').length;
  const common = path.resolve(fromDir, ...Array(up).fill('..'));
  const below = path.relative(common, target).split(path.sep);
  if (below.length <= 1) return null; // directly in the common folder
  // Pass through folders that only group folders; the first real folder is the one entered.
  let i = 0;
  let entered = path.join(common, below[0]);
  while (i < below.length - 2 && isGrouping(root, entered)) {
    i += 1;
    entered = path.join(entered, below[i]);
  }
  const rest = below.slice(i + 1);
  if (rest.length === 1 && /^index\.(ts|tsx|js)$/.test(rest[0])) return null;
  // A file directly in a grouping (src/shared/csp.ts) is a module of its own.
  if (rest.length === 1 && isGrouping(root, entered)) return null;
  return posix(path.relative(root, entered));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "no import reaches past a folder's index.ts into its internals (src/main, src/hardware, src/shared, src/renderer)" },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const fileAbs = context.filename;
    if (!inScope(path.relative(root, fileAbs))) return {};
    const report = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const targetAbs = path.resolve(path.dirname(fileAbs), spec);
      const folder = folderEntered(root, fileAbs, targetAbs);
      if (!folder) return;
      context.report({
        node: source,
        message: `'${spec}' reaches into ${folder}/: import it from ${folder}/index.ts (add it there if the folder should offer it); see DESIGN.md "Layers and folders"`,
      });
    };
    return importVisitors(report);
  },
};
