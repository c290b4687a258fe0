// DESIGN.md "Layers and folders": all SQL lives in src/main/store (its repositories and read
// models). Elsewhere in src/main, preparing or executing SQL on a database handle (`.prepare(`,
// `.exec(`, `.pragma(`) or importing better-sqlite3 fails lint, so a query cannot slip back into a
// service, a report or the CLI. A regular expression's own `.exec(` is not SQL and is allowed when
// the linter can see it is one (a regex literal, `RegExp(...)`, or a const bound to either).
import path from 'node:path';

const SQL_METHODS = new Set(['prepare', 'exec', 'pragma']);

/** Whether a repository-relative path is main-process code outside the store. */
export function outsideStore(relPath) {
  const p = relPath.split(path.sep).join('/');
  return p.startsWith('src/main/') && !p.startsWith('src/main/store/');
}

function methodName(callee) {
  if (callee.type !== 'MemberExpression') return null;
  if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  if (callee.computed && callee.property.type === 'Literal' && typeof callee.property.value === 'string') return callee.property.value;
  return null;
}

function findVariable(scope, name) {
  for (let s = scope; s; s = s.upper) {
    const variable = s.set.get(name);
    if (variable) return variable;
  }
  return null;
}

/** Whether `node` is visibly a RegExp: a literal, `RegExp(...)`/`new RegExp(...)`, or a const bound to one. */
function isRegExp(node, scope, depth = 0) {
  if (!node || depth > 5) return false;
  if (node.type === 'Literal' && node.regex) return true;
  if ((node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.type === 'Identifier' && node.callee.name === 'RegExp') return true;
  if (node.type === 'Identifier') {
    const variable = findVariable(scope, node.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : null;
    if (!def || def.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id.type !== 'Identifier') return false;
    return isRegExp(def.node.init, variable.scope, depth + 1);
  }
  return false;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'All SQL lives in src/main/store: no .prepare/.exec/.pragma or better-sqlite3 elsewhere in src/main' },
    schema: [],
  },
  create(context) {
    if (!outsideStore(path.relative(context.cwd, context.filename))) return {};
    const where = 'SQL lives in src/main/store: add a method to a repository or read model there (see DESIGN.md "Layers and folders")';
    const importOf = (source) => {
      if (source && source.value === 'better-sqlite3') context.report({ node: source, message: `better-sqlite3 is imported only in src/main/store; ${where}` });
    };
    return {
      ImportDeclaration: (node) => importOf(node.source),
      ExportNamedDeclaration: (node) => importOf(node.source),
      ExportAllDeclaration: (node) => importOf(node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && importOf(node.source),
      CallExpression: (node) => {
        const name = methodName(node.callee);
        if (!name || !SQL_METHODS.has(name)) return;
        if (name === 'exec' && isRegExp(node.callee.object, context.sourceCode.getScope(node))) return;
        context.report({ node: node.callee.property, message: `.${name}() on a database handle outside the store; ${where}` });
      },
    };
  },
};
