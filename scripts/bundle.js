/**
 * After `tsc`: bundle the two entry points a command runs — the CLI
 * (`dist/cli.js`) and the parse worker (`dist/engine/worker.js`) — each into
 * one file, in place. Loading kb-lint's ~400 ES modules one by one took
 * ≈ 0.35 s of every run (a warm check is ≈ 1 s); one bundled file loads in a
 * fraction of that (bench/README.md). The library (`dist/index.js` and the
 * rest of `dist/`) stays unbundled, for importers and their bundlers.
 *
 * Kept out of the bundles: piscina (it starts its own worker script by path)
 * and optional native modules. Files found at run time (package.json,
 * schema/, the worker) go through src/package-files.ts and
 * engine/collect.ts, which work from either layout.
 *
 * Last, it writes the build id (a hash of the sources, src/build-id.ts): the
 * summary cache is keyed on it, and the test setup rebuilds when it is stale.
 */
import {chmodSync, writeFileSync} from 'node:fs'
import {build} from 'esbuild'
import {shared} from './bundle-options.js'
import {BUILD_ID_FILE, sourceBuildId} from '../dist/build-id.js'

await build({...shared, entryPoints: ['dist/cli.js'], outfile: 'dist/cli.js'})
// The package's bin: esbuild writes a new file, so make it executable again
// (`npx kb-lint` runs it directly).
chmodSync('dist/cli.js', 0o755)
await build({...shared, entryPoints: ['dist/engine/worker.js'], outfile: 'dist/engine/worker.js'})
writeFileSync(BUILD_ID_FILE, sourceBuildId('.') + '\n')
