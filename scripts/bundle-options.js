/**
 * esbuild options shared by the CLI bundle (scripts/bundle.js) and the server
 * the VS Code extension ships (editors/vscode/scripts/package.mjs).
 */
export const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  external: ['piscina', 'fsevents'],
  // CommonJS dependencies bundled into ESM still call `require` for Node
  // built-ins, and some read `__filename` (write-file-atomic names its
  // temporary files with it).
  banner: {
    js: [
      "import {createRequire as __kbLintCreateRequire} from 'node:module';",
      "import {fileURLToPath as __kbLintFileURLToPath} from 'node:url';",
      "import {dirname as __kbLintDirname} from 'node:path';",
      'const require = __kbLintCreateRequire(import.meta.url);',
      'const __filename = __kbLintFileURLToPath(import.meta.url);',
      'const __dirname = __kbLintDirname(__filename);'
    ].join(' ')
  },
  logLevel: 'warning'
}
