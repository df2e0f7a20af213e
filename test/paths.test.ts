/** `joinInsideRoot` and `joinBasePath` have fast paths for plain paths; each must agree with the general one. */
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {joinBasePath, joinInsideRoot, noteIdFromPath, pathKey} from '../src/kb/paths.js'

/** The general rule, written out: join, normalise, refuse what leaves the root. */
function reference(folder: string, target: string): string | undefined {
  const joined = target.startsWith('/') ? target.slice(1) : path.posix.join(folder, target)
  const normalised = path.posix.normalize(joined === '' ? '.' : joined).replace(/(.)\/$/, '$1')
  if (normalised === '..' || normalised.startsWith('../') || path.posix.isAbsolute(normalised)) return undefined
  return normalised === '.' ? '' : normalised
}

const segment = fc.constantFrom('a', 'Б', '.', '..', '...', '.hidden', 'x y', '')
const pathOf = fc.array(segment, {maxLength: 5}).map((parts) => parts.join('/'))

describe('joinInsideRoot', () => {
  it('agrees with join + normalise for every path', () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'docs', 'docs/how-to'), pathOf, fc.boolean(), (folder, target, slash) => {
        const written = slash ? target + '/' : target
        expect(joinInsideRoot(folder, written)).toBe(reference(folder, written))
      }),
      {numRuns: 2000}
    )
  })
  it('never leaves the root', () => {
    expect(joinInsideRoot('a', '../../etc/passwd')).toBeUndefined()
    expect(joinInsideRoot('', '..')).toBeUndefined()
    expect(joinInsideRoot('a/b', '../c')).toBe('a/c')
  })
})

describe('pathKey', () => {
  it('gives a name written in NFD (as macOS stores it) and in NFC (as typed) one key', () => {
    const nfd = 'Заметки/Cafe\u0301 й.md'.normalize('NFD')
    const nfc = 'Заметки/Café й.md'
    expect(nfd).not.toBe(nfc)
    expect(pathKey(nfd)).toBe(pathKey(nfc))
    expect(noteIdFromPath(nfd)).toBe('Заметки/Café й')
  })
  it('is idempotent and keeps everything but the normal form', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme-composite'}), (value) => {
        expect(pathKey(pathKey(value))).toBe(pathKey(value))
        expect(pathKey(value.normalize('NFD'))).toBe(pathKey(value))
      })
    )
  })
})

describe('joinBasePath', () => {
  it('is path.join for every folder and relative path', () => {
    const segment = fc.constantFrom('a', 'Заметка', '.', '..', '', 'b.md', '.hidden', 'x y', 'e\u0301')
    const relative = fc.array(segment, {minLength: 1, maxLength: 4}).map((parts) => parts.join('/'))
    const folder = fc.constantFrom('', '/', '/base', '/base/sub', '/base/')
    fc.assert(
      fc.property(folder, relative, (dir, rel) => {
        expect(joinBasePath(dir, rel)).toBe(path.join(dir, rel))
      }),
      {numRuns: 3000}
    )
  })
})
