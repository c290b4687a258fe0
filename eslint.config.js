import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';
import sqlInStore from './eslint-rules/sqlInStore.js';
import coreImports from './eslint-rules/coreImports.js';
import folderIndex from './eslint-rules/folderIndex.js';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'data/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { mailscreen: { rules: { layers, 'sql-in-store': sqlInStore, 'no-core-imports': coreImports, 'folder-index': folderIndex } } },
    rules: {
      'mailscreen/layers': 'error',
      'mailscreen/sql-in-store': 'error',
      'mailscreen/no-core-imports': 'error',
      'mailscreen/folder-index': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      // Node and DOM globals, not just imports, are out of bounds for code that runs anywhere.
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname', 'localStorage', 'navigator'],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'] },
  },
  {
    files: ['src/hardware/**', 'src/main/**', 'test/**', 'bench/**', 'scripts/**', 'eslint-rules/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
);
