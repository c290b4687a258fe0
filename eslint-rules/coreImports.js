// DESIGN.md "Layers and folders": inside main, reports/, records/, site/ and notify/ never import
// core/. They serve commands through the leaf module src/main/commands/ (context, session, handler
// types) and receive what they read as ports; the core composes them, never the other way round,
// so no cycle runs through the composition root.
import path from 'node:path';
import { importVisitors } from './importVisitors.js';

/** The folders of src/main that the core builds on and that must not import it back. */
export const CORE_CLIENTS = ['reports', 'records', 'site', 'notify'];

function folderOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  const match = /^src\/main\/([^/]+)\//.exec(p);
  return match ? match[1] : null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'src/main/reports, records, site and notify never import src/main/core' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const fileAbs = context.filename;
    const folder = folderOf(path.relative(root, fileAbs));
    if (!folder || !CORE_CLIENTS.includes(folder)) return {};
    const report = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.') && !spec.startsWith('/')) return;
      const target = path.relative(root, path.resolve(path.dirname(fileAbs), spec));
      if (folderOf(target) !== 'core') return;
      context.report({
        node: source,
        message: `src/main/${folder} may not import ${target.split(path.sep).join('/')} (the core): take the command types from src/main/commands/ and what you read as a port the core gives; see DESIGN.md "Layers and folders"`,
      });
    };
    return importVisitors(report);
  },
};
