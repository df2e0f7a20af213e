/**
 * kill -9 in the middle of a write: every file kb-lint writes is either the
 * old one or the new one, never half of one. Both of the project's writers
 * are exercised through their exported names (write/atomic-write.ts):
 * `writeFileSafely` (fixes, mv, index regions, `-o`) and `writeChunksSafely`
 * (the cache, written in pieces). Real processes are killed at several
 * moments, so this lives with the slow suites.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'

const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, {recursive: true, force: true})
})

function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  temporary.push(dir)
  return dir
}

const atomicWrite = pathToFileURL(path.join(projectRoot, 'dist', 'write', 'atomic-write.js')).href
const size = 4 * 1024 * 1024

/**
 * A child that rewrites `files` forever, alternating all-`n` and all-`o`
 * contents, with `write(file, letter)`; it prints `started` after its first
 * complete write.
 */
async function killWhileWriting(files: string[], write: string): Promise<void> {
  const dir = path.dirname(files[0]!)
  const writer = path.join(dir, '..', `writer-${path.basename(dir)}.mjs`)
  fs.writeFileSync(
    writer,
    `import {writeFileSafely, writeChunksSafely} from ${JSON.stringify(atomicWrite)}
const files = ${JSON.stringify(files)}
const size = ${size}
const write = ${write}
for (let round = 0; ; round++) {
  const letter = round % 2 === 0 ? 'n' : 'o'
  for (const file of files) {
    await write(file, letter)
    if (round === 0 && file === files[0]) process.stdout.write('started\\n')
  }
}
`
  )
  // Kill at several moments: each run is killed while it is writing.
  for (let attempt = 0; attempt < 4; attempt++) {
    const child = spawn(process.execPath, [writer], {stdio: ['ignore', 'pipe', 'inherit']})
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 20 + attempt * 40))
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    for (const file of files) {
      const bytes = fs.readFileSync(file)
      expect(bytes.length, file).toBe(size)
      const first = bytes[0]!
      expect([0x6e, 0x6f]).toContain(first)
      expect(
        bytes.every((byte) => byte === first),
        file
      ).toBe(true)
    }
  }
}

function oldFiles(dir: string): string[] {
  const files = Array.from({length: 8}, (_, index) => path.join(dir, `note-${index}.md`))
  for (const file of files) fs.writeFileSync(file, 'o'.repeat(size))
  return files
}

describe('atomic writes under kill -9', () => {
  it('writeFileSafely leaves every file old or new, never partial', async () => {
    const dir = path.join(tempDir('kb-lint-kill-'), 'notes')
    fs.mkdirSync(dir)
    await killWhileWriting(oldFiles(dir), `(file, letter) => writeFileSafely(file, letter.repeat(size))`)
  })

  it('writeChunksSafely (the cache, in 64 KB pieces) leaves every file old or new, never partial', async () => {
    const dir = path.join(tempDir('kb-lint-kill-chunks-'), 'caches')
    fs.mkdirSync(dir)
    // Many small pieces, each its own write: a kill lands between pieces.
    await killWhileWriting(
      oldFiles(dir),
      `async (file, letter) => {
  const piece = Buffer.alloc(64 * 1024, letter)
  function* pieces() { for (let done = 0; done < size; done += piece.length) yield piece }
  await writeChunksSafely(file, pieces())
}`
    )
  })
})
