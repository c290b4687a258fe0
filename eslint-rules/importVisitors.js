// Every way a module names another: static import, re-export, dynamic import() and require().
// The import rules (layers, core imports, folder index) look at each the same way, so they share
// one visitor: `check(source)` gets the string literal that names the module.
export function importVisitors(check) {
  return {
    ImportDeclaration: (node) => check(node.source),
    ExportNamedDeclaration: (node) => check(node.source),
    ExportAllDeclaration: (node) => check(node.source),
    ImportExpression: (node) => check(node.source),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0]);
    },
  };
}
