/**
 * Build the .vsix: the kb-lint server bundled into server/cli.mjs (one file,
 * every dependency inside; no parse workers — a language server parses one
 * note at a time), with the files kb-lint reads at run time (its
 * package.json, schema/), then `vsce package`. Run `npm run build` at the
 * repository root first (nothing here needs it, but the test compares the
 * two), and `npm ci --ignore-scripts --omit=optional` here.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {createVSIX} from '@vscode/vsce'
import {build} from 'esbuild'
import {shared} from '../../../scripts/bundle-options.js'

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const repo = path.resolve(here, '..', '..')
const server = path.join(here, 'server')
const kbLint = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'))
const extension = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'))

fs.rmSync(server, {recursive: true, force: true})
fs.mkdirSync(server, {recursive: true})
await build({...shared, entryPoints: [path.join(repo, 'src', 'cli.ts')], outfile: path.join(server, 'cli.mjs'), external: ['fsevents']})
// kb-lint finds its package root by this file's name field (src/package-files.ts).
fs.writeFileSync(
  path.join(server, 'package.json'),
  JSON.stringify({name: kbLint.name, version: kbLint.version, type: 'module', license: kbLint.license}, null, 2) + '\n'
)
fs.cpSync(path.join(repo, 'schema'), path.join(server, 'schema'), {recursive: true})
fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(here, 'LICENSE'))

const packagePath = path.join(here, `kb-lint-${extension.version}.vsix`)
await createVSIX({cwd: here, packagePath, dependencies: true, allowMissingRepository: true})
console.log(`wrote ${path.relative(process.cwd(), packagePath)}`)
