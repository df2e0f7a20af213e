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
  // Every run compiles the bundle before it does anything: whitespace and the
  // comments esbuild keeps inside expressions are a third of its bytes.
  // Names stay as written (no `minifyIdentifiers`), so `--debug` stack traces
  // still name the functions.
  minifyWhitespace: true,
  legalComments: 'none',
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

/**
 * Throws unless every output file is pure ASCII. V8 keeps a source file with
 * even one other character as a two-byte string, decoded the slow way (≈ 30 ms
 * of every start for the 2 MB bundle, measured); esbuild escapes strings
 * (`charset: 'ascii'` is its default) but not regular expressions or
 * `String.raw` templates, so write those characters as `\u2014` in the source.
 *
 * @param {string[]} files
 * @param {(file: string) => Buffer} read
 */
export function requireAscii(files, read) {
  for (const file of files) {
    const bytes = read(file)
    const at = bytes.findIndex((byte) => byte > 0x7f)
    if (at === -1) continue
    const context = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')
    throw new Error(`${file} is not pure ASCII at byte ${at}: …${context}… (write the character as a \\u escape in the source)`)
  }
}
