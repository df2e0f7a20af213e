#!/usr/bin/env node
/**
 * Language server timings on a generated base (see bench/README.md, "Language server"):
 *
 *   node bench/lsp.js [--notes 10000] [--edits 200]
 *
 * - time to first diagnostics: `initialize` → `didOpen` of one note → its
 *   `publishDiagnostics`, without the cache and with the cache `kb-lint check` wrote;
 * - `didChange` → `publishDiagnostics` (for that version) for keystroke-like
 *   edits of one open note: text only (its landmarks stay), and a heading
 *   renamed (its landmarks change, so every open note is checked again).
 *
 * The server is the built one (`dist/cli.js lsp`), a separate process talking
 * JSON-RPC over stdio, as an editor runs it. Needs `npm run build`.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import {createProtocolConnection, StreamMessageReader, StreamMessageWriter} from 'vscode-languageserver-protocol/node'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(repo, 'dist', 'cli.js')
const {values} = parseArgs({options: {notes: {type: 'string', default: '10000'}, edits: {type: 'string', default: '200'}}})
const notes = Number(values.notes)
const edits = Number(values.edits)
const root = path.join(repo, 'bench', '.data', `kb-${notes}`)

if (!existsSync(path.join(root, 'ground-truth.json'))) {
  console.log(`generating ${root} …`)
  spawnSync(process.execPath, [path.join(repo, 'bench', 'generate.js'), '--notes', String(notes), '--seed', '1', '--out', root], {
    stdio: 'inherit'
  })
}

async function start(initializationOptions) {
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], {cwd: root, stdio: ['pipe', 'pipe', 'inherit']})
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin))
  const waiters = []
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || params.version === waiter.version)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(params)
      }
    }
  })
  connection.onRequest('client/registerCapability', () => null)
  connection.onNotification('window/showMessage', (params) => console.log('server:', params.message))
  connection.listen()
  const diagnosticsFor = (uri, version) => new Promise((resolve) => waiters.push({uri, version, resolve}))
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    initializationOptions
  })
  await connection.sendNotification('initialized', {})
  return {
    connection,
    diagnosticsFor,
    async stop() {
      await connection.sendRequest('shutdown')
      await connection.sendNotification('exit')
      await new Promise((resolve) => child.once('exit', resolve))
      connection.dispose()
    }
  }
}

// A note of the generated base (the first below two folders, in path order): headings, links, a table.
const notePath = spawnSync('find', [root, '-name', '*.md', '-path', '*/*/*'], {encoding: 'utf8'})
  .stdout.split('\n')
  .filter(Boolean)
  .sort()[0]
const uri = pathToFileURL(notePath).href
const text = readFileSync(notePath, 'utf8')

async function firstDiagnostics(cache) {
  const started = performance.now()
  const server = await start({cache})
  const received = server.diagnosticsFor(uri)
  await server.connection.sendNotification('textDocument/didOpen', {textDocument: {uri, languageId: 'markdown', version: 1, text}})
  await received
  const ms = performance.now() - started
  return {server, ms}
}

const percentile = (values, p) =>
  values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]

console.log(`base: ${root} (${notes} notes); note: ${path.relative(root, notePath)}`)
const cold = await firstDiagnostics(false)
await cold.server.stop()
console.log(`first diagnostics without the cache: ${cold.ms.toFixed(0)} ms`)
spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '-o', os.devNull], {cwd: root})
// The same machine at the same moment, for scale: a warm `kb-lint check` of the whole base.
const checkStarted = performance.now()
spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '-o', os.devNull], {cwd: root})
console.log(`for scale, a warm \`kb-lint check\` of the base: ${(performance.now() - checkStarted).toFixed(0)} ms`)
const warm = await firstDiagnostics(true)
console.log(`first diagnostics with the cache:    ${warm.ms.toFixed(0)} ms`)

const server = warm.server
const heading = /^## (.+)$/m.exec(text)
let version = 1
async function measureEdits(label, edit) {
  const times = []
  for (let index = 0; index < edits; index++) {
    version++
    const changed = edit(index)
    const received = server.diagnosticsFor(uri, version)
    const started = performance.now()
    await server.connection.sendNotification('textDocument/didChange', {textDocument: {uri, version}, contentChanges: [{text: changed}]})
    await received
    times.push(performance.now() - started)
  }
  console.log(
    `didChange → diagnostics, ${label} (${edits} edits): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`
  )
}
await measureEdits('text typed', (index) => text + '\nTyping' + ' x'.repeat(index % 20) + '\n')
if (heading) await measureEdits('a heading renamed', (index) => text.replace(heading[0], `## ${heading[1]} ${index}`))
await server.stop()
console.log(`machine: ${os.cpus()[0]?.model} × ${os.availableParallelism()}, node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`)
