/**
 * The VS Code extension's package: `npm run package` in editors/vscode builds
 * a .vsix (with @vscode/vsce) that holds the client, its dependencies and the
 * kb-lint server — and that server, taken out of the .vsix, answers as
 * `kb-lint lsp` does.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {afterEach, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {copyBase, startLsp, type LspSession} from '../lsp-client.js'

const extensionDir = path.join(projectRoot, 'editors', 'vscode')
const folders: string[] = []
let session: LspSession | undefined

afterEach(() => {
  session?.connection.dispose()
  if (session && session.child.exitCode === null) session.child.kill()
  session = undefined
  for (const folder of folders.splice(0)) fs.rmSync(folder, {recursive: true, force: true})
})

interface Entry {
  fileName: string
  data?: Buffer
}

/** The part of yauzl's API used here (it ships no types; @types/yauzl is not worth a dependency). */
interface ZipFile {
  on(event: 'entry', listener: (entry: {fileName: string}) => void): void
  on(event: 'end', listener: () => void): void
  readEntry(): void
  openReadStream(entry: unknown, callback: (error: Error | null, stream?: NodeJS.ReadableStream) => void): void
}
interface Yauzl {
  open(file: string, options: {lazyEntries: boolean}, callback: (error: Error | null, zip?: ZipFile) => void): void
}

/** Every entry of a zip file, with the contents of the wanted ones (yauzl: vsce's own zip reader). */
async function readZip(file: string, wanted: (name: string) => boolean): Promise<Entry[]> {
  const yauzl = createRequire(path.join(extensionDir, 'package.json'))('yauzl') as Yauzl
  return new Promise((resolve, reject) => {
    yauzl.open(file, {lazyEntries: true}, (error, zip) => {
      if (error || !zip) return reject(error)
      const entries: Entry[] = []
      zip.on('entry', (entry: {fileName: string}) => {
        if (!wanted(entry.fileName)) {
          entries.push({fileName: entry.fileName})
          return zip.readEntry()
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => {
            chunks.push(chunk)
          })
          stream.on('end', () => {
            entries.push({fileName: entry.fileName, data: Buffer.concat(chunks)})
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(entries))
      zip.readEntry()
    })
  })
}

it('the .vsix holds the client and a kb-lint server that runs on its own', async () => {
  if (!fs.existsSync(path.join(extensionDir, 'node_modules', '@vscode', 'vsce'))) {
    execFileSync('npm', ['ci', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund'], {cwd: extensionDir, stdio: 'ignore'})
  }
  execFileSync('npm', ['run', 'package'], {cwd: extensionDir, stdio: 'ignore'})
  const version = (JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')) as {version: string}).version
  const vsix = path.join(extensionDir, `kb-lint-${version}.vsix`)
  const entries = await readZip(vsix, (name) => name.startsWith('extension/server/') || name === 'extension/package.json')
  const names = entries.map((entry) => entry.fileName)
  expect(names).toEqual(
    expect.arrayContaining([
      'extension/extension.js',
      'extension/server/cli.mjs',
      'extension/server/package.json',
      'extension/server/schema/config.schema.json',
      'extension/node_modules/vscode-languageclient/package.json'
    ])
  )
  const manifest = JSON.parse(entries.find((entry) => entry.fileName === 'extension/package.json')!.data!.toString()) as {main: string}
  expect(manifest.main).toBe('./extension.js')

  // The shipped server, out of the .vsix, with nothing else around it.
  const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-vsix-'))
  folders.push(serverDir)
  for (const entry of entries) {
    if (!entry.data || !entry.fileName.startsWith('extension/server/')) continue
    const target = path.join(serverDir, entry.fileName.slice('extension/'.length))
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.writeFileSync(target, entry.data)
  }
  const root = copyBase(path.join(projectRoot, 'fixtures', 'kb'))
  folders.push(root)
  session = await startLsp(root, {server: path.join(serverDir, 'server', 'cli.mjs')})
  session.open('devops/kubernetes/pods.md')
  const diagnostics = await session.waitForDiagnostics('devops/kubernetes/pods.md', (items) => items.length > 0)
  expect(diagnostics.map((item) => item.code).sort()).toEqual(['frontmatter-missing', 'link-unresolved'])
  expect(await session.shutdown()).toBe(0)
})
