/**
 * After `tsc`: bundle the two entry points a command runs — the CLI
 * (`dist/cli.js`) and the parse worker (`dist/engine/worker.js`) — in place.
 * Loading kb-lint's ~400 ES modules one by one took ≈ 0.35 s of every run (a
 * warm check is ≈ 1 s); bundled files load in a fraction of that
 * (bench/README.md). The library (`dist/index.js` and the rest of `dist/`)
 * stays unbundled, for importers and their bundlers.
 *
 * The CLI is split (esbuild's `splitting`): what only some commands use and
 * `cli.ts` imports dynamically — the language server, `--watch`, `--fix`,
 * `mv`, `init`, `graph`, `index`, the stylish report — goes into chunks
 * (`dist/chunk-<hash>.js`, beside `cli.js` so that paths relative to a
 * module's URL are the same in every chunk), loaded when a command needs
 * them. A plain `check` compiles only what it runs. The worker stays one
 * file.
 *
 * Kept out of the bundles: piscina (it starts its own worker script by path)
 * and optional native modules. Files found at run time (package.json,
 * schema/, the worker) go through src/package-files.ts and
 * engine/collect.ts, which work from either layout.
 *
 * Last, it writes the build id (a hash of the sources, src/build-id.ts): the
 * summary cache is keyed on it, and the test setup rebuilds when it is stale.
 */
import {chmodSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {build} from 'esbuild'
import {requireAscii, shared} from './bundle-options.js'
import {BUILD_ID_FILE, sourceBuildId} from '../dist/build-id.js'

const cli = await build({
  ...shared,
  entryPoints: {cli: 'dist/cli.js'},
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  metafile: true
})
// The package's bin: esbuild writes a new file, so make it executable again
// (`npx kb-lint` runs it directly).
chmodSync('dist/cli.js', 0o755)
const worker = await build({...shared, entryPoints: ['dist/engine/worker.js'], outfile: 'dist/engine/worker.js', metafile: true})
requireAscii([...Object.keys(cli.metafile.outputs), ...Object.keys(worker.metafile.outputs)], (file) => readFileSync(file))
// tsc's source maps of the two entry files describe the modules the bundles
// replaced, not the bundles (which name no map): drop them rather than ship
// maps that point a debugger at the wrong lines.
for (const map of ['dist/cli.js.map', 'dist/engine/worker.js.map']) rmSync(map, {force: true})
writeFileSync(BUILD_ID_FILE, sourceBuildId('.') + '\n')
