/**
 * Which note a link lands on, mode by mode (kb/resolve.ts): the tie-breaks
 * and precedences a fixture's findings cannot show (a link that resolves
 * reports nothing, wherever it lands).
 */
import {describe, expect, it} from 'vitest'
import {buildBase} from '../src/engine/base-phase.js'
import type {NoteSummary, Reference} from '../src/kb/model.js'
import {createResolver, type ResolutionMode} from '../src/kb/resolve.js'

function note(path: string, aliases?: string[]): NoteSummary {
  return {
    path,
    id: path.replace(/\.md$/, '').normalize('NFC'),
    hash: '',
    frontmatter: {present: false, valid: false},
    aliases,
    headings: [],
    blockIds: [],
    references: [],
    findings: [],
    wordCount: 0
  }
}

function landing(
  mode: ResolutionMode,
  paths: string[],
  from: string,
  raw: string,
  extra: {files?: string[]; folders?: string[]; aliases?: Record<string, string[]>} = {}
) {
  const notes = paths.map((path) => note(path, extra.aliases?.[path]))
  const folders = new Set<string>(extra.folders ?? [])
  for (const path of [...paths, ...(extra.files ?? [])]) {
    const parts = path.split('/')
    for (let index = 1; index < parts.length; index++) folders.add(parts.slice(0, index).join('/'))
  }
  const base = buildBase({root: '/base', files: [...paths, ...(extra.files ?? [])], folders: [...folders]}, notes)
  const source = base.byId.get(from.replace(/\.md$/, ''))!
  const markdown = raw.startsWith('[t](')
  const target = markdown ? decodeURIComponent(raw.slice(4, -1)) : raw.slice(2, -2)
  const reference: Reference = {
    kind: markdown ? 'markdown' : 'wikilink',
    raw,
    target,
    position: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}
  }
  const resolution = createResolver(base, mode).resolve(reference, source)
  return resolution.status === 'resolved' ? resolution.id : resolution.status
}

describe('obsidian mode', () => {
  const three = ['Note.md', 'b/Note.md', 'a/b/Note.md', 'zzzz/Note.md', 'zzzz/deep/src.md', 'a/b/src.md', 'src.md', 'a/src.md']

  it("takes an exact path from the vault root first, then the linking note's folder, then the shortest path", () => {
    expect(landing('obsidian', three, 'a/b/src.md', '[[Note]]')).toBe('Note')
    expect(
      landing(
        'obsidian',
        three.filter((path) => path !== 'Note.md'),
        'a/b/src.md',
        '[[Note]]'
      )
    ).toBe('a/b/Note')
    // An ancestor folder counts for nothing; then the shortest path string.
    expect(
      landing(
        'obsidian',
        three.filter((path) => path !== 'Note.md'),
        'zzzz/deep/src.md',
        '[[Note]]'
      )
    ).toBe('b/Note')
    expect(landing('obsidian', ['a/b/Note.md', 'zzzz/Note.md', 'src.md'], 'src.md', '[[Note]]')).toBe('a/b/Note')
    expect(landing('obsidian', three, 'src.md', '[[b/Note]]')).toBe('b/Note')
  })

  it('ignores case, finds partial paths and reads ./ and ../ from the linking note', () => {
    expect(landing('obsidian', ['Docs/Guides/Install.md', 'src.md'], 'src.md', '[[guides/install]]')).toBe('Docs/Guides/Install')
    expect(landing('obsidian', ['a/x.md', 'x.md', 'a/src.md'], 'a/src.md', '[[./x]]')).toBe('a/x')
    expect(landing('obsidian', ['a/x.md', 'x.md', 'a/src.md'], 'a/src.md', '[[../x]]')).toBe('x')
    expect(landing('obsidian', ['a/x.md', 'b/src.md'], 'b/src.md', '[[./x]]')).toBe('unresolved')
    expect(landing('obsidian', ['Sub/My Note.md', 'src.md'], 'src.md', '[t](My%20Note.md)')).toBe('Sub/My Note')
  })

  it('does not resolve through aliases, and prefers a note to a folder of the same name', () => {
    expect(landing('obsidian', ['docker.md', 'src.md'], 'src.md', '[[Докер]]', {aliases: {'docker.md': ['Докер']}})).toBe('unresolved')
    expect(landing('obsidian', ['Import notes/csv.md', 'Getting started/Import notes.md', 'src.md'], 'src.md', '[[Import notes]]')).toBe(
      'Getting started/Import notes'
    )
  })
})

describe('Quartz modes', () => {
  it('shortest: the one file with the name wins over a root folder; several fall back to the root path', () => {
    const paths = ['Import notes/csv.md', 'Getting started/Import notes.md', 'src.md']
    expect(landing('shortest', paths, 'src.md', '[[Import notes]]')).toBe('Getting started/Import notes')
    expect(landing('absolute', paths, 'src.md', '[[Import notes]]')).toBe('Import notes')
    expect(landing('shortest', ['x.md', 'a/x.md', 'src.md'], 'src.md', '[[x]]')).toBe('x')
    expect(landing('shortest', ['b/x.md', 'a/x.md', 'src.md'], 'src.md', '[[x]]')).toBe('ambiguous')
  })

  it('reads ../ from the site root, for wiki and Markdown links alike', () => {
    const paths = ['a/b/src.md', 'a/sibling.md', 'sibling.md']
    expect(landing('shortest', ['a/b/src.md', 'a/sibling.md'], 'a/b/src.md', '[[../sibling]]')).toBe('unresolved')
    expect(landing('absolute', paths, 'a/b/src.md', '[t](../sibling.md)')).toBe('sibling')
    expect(landing('relative', paths, 'a/b/src.md', '[t](../sibling.md)')).toBe('a/sibling')
  })

  it('is case-sensitive: a case-only match is a mismatch, not a landing', () => {
    expect(landing('shortest', ['Docker/Install.md', 'src.md'], 'src.md', '[[install]]')).toBe('case-mismatch')
    expect(landing('obsidian', ['Docker/Install.md', 'src.md'], 'src.md', '[[install]]')).toBe('Docker/Install')
  })
})
