/**
 * kb/link-check.ts: a link a writer is about to write is parsed back and
 * resolved with the base's own resolver; only a spelling that lands on its
 * target is kept. (The writers' behaviour end to end: write-safety.test.ts,
 * properties.test.ts and the fixtures.)
 */
import {describe, expect, it} from 'vitest'
import {buildBase} from '../src/engine/base-phase.js'
import {location} from 'vfile-location'
import {extract} from '../src/kb/extract.js'
import {applyLinkDialect} from '../src/kb/link-dialect.js'
import {checkedTargetFix, readLink, reaches, replaced, rewritten, type LinkReading} from '../src/kb/link-check.js'
import {targetFix} from '../src/kb/link-target.js'
import type {NoteSummary, Reference, Span} from '../src/kb/model.js'
import {parseMarkdown} from '../src/syntax/processor.js'
import {createResolver, type ResolutionMode} from '../src/kb/resolve.js'

function note(path: string): NoteSummary {
  return {
    path,
    id: path.replace(/\.md$/, '').normalize('NFC'),
    hash: '',
    frontmatter: {present: false, valid: false},
    headings: [],
    blockIds: [],
    references: [],
    findings: [],
    wordCount: 0
  }
}

function baseOf(paths: string[], mode: ResolutionMode = 'absolute', aliasFirst = false): {reading: LinkReading; from: NoteSummary} {
  const folders = new Set<string>()
  for (const path of paths) {
    const parts = path.split('/')
    for (let index = 1; index < parts.length; index++) folders.add(parts.slice(0, index).join('/'))
  }
  const base = buildBase({root: '/base', files: paths, folders: [...folders]}, paths.map(note))
  return {reading: {resolver: createResolver(base, mode), aliasFirst}, from: base.byId.get('from')!}
}

/** Offsets only: the parser's points carry line and column too, the same on one line. */
function offsets(span: Span | undefined): [number | undefined, number | undefined] | undefined {
  return span && [span.start.offset, span.end.offset]
}

describe('reading a link back', () => {
  it('reads one link as a note would, and nothing else', () => {
    expect(readLink('[t](a%20b.md#x)', false)).toMatchObject({kind: 'markdown', target: 'a b.md', anchor: 'x'})
    expect(readLink('[[a|b]]', true)).toMatchObject({kind: 'wikilink', target: 'b', alias: 'a'})
    expect(readLink('[t](mailto:me.md)', false)).toBeUndefined()
    expect(readLink('[[a]] [[b]]', false)).toBeUndefined()
    expect(readLink('`[[a]]`', false)).toBeUndefined()
  })

  it('reads a wiki link without a parse exactly as the parser reads it', () => {
    for (const raw of [
      '[[a]]',
      '![[a/b#H|x]]',
      '[[ a b |t]]',
      '[[a\\|b]]',
      '[[a#b#c|d|e]]',
      '[[#h]]',
      '[[Поды/é|Т]]',
      '[[a|b [x] c]]',
      '[[ ]]',
      '[[a|]]'
    ]) {
      for (const aliasFirst of [false, true]) {
        const parsed = extract(parseMarkdown(raw), raw, location(raw)).references
        const whole = parsed.length === 1 && parsed[0]!.position.start.offset === 0 && parsed[0]!.position.end.offset === raw.length
        const expected = whole ? applyLinkDialect(parsed[0]!, aliasFirst) : undefined
        const read = readLink(raw, aliasFirst)
        const comparable = (reference: typeof read) =>
          reference && {
            ...reference,
            position: offsets(reference.position),
            targetPosition: offsets(reference.targetPosition),
            anchorPosition: offsets(reference.anchorPosition),
            aliasPosition: offsets(reference.aliasPosition)
          }
        expect(comparable(read), raw).toEqual(comparable(expected))
      }
    }
  })

  it('reads a Markdown link whose destination becomes a plain one without a parse, exactly as the parser reads it', () => {
    const links = [
      '[t](a.md)',
      '[t](<a b.md#x> "title")',
      '![i](a%20b.png)',
      '[t](a(b).md)',
      '[t](a\\).md#h)',
      '[z]: a.md "t"',
      '[t](a.md\n"title")',
      '[t](../x/é.md?q#h)'
    ]
    const spellings = [
      'b.md',
      'dir/é x.md',
      'Notes/C# intro.md',
      'e\u0301.md',
      '100% sure.md',
      'a&b.md',
      'mailto:me.md',
      '//host/x.md',
      '../up/a.md',
      'half%20.md'
    ]
    let plain = 0
    for (const raw of links) {
      const reference = readLink(raw, false)!
      expect(reference, raw).toBeDefined()
      for (const spelling of spellings) {
        for (const quartz of [false, true]) {
          const fix = targetFix(reference, spelling, quartz)
          if (!fix) continue
          if (/^(?!\/\/)(?:[\p{L}\p{N}\p{M}._~/-]|%[0-9A-Fa-f]{2})+$/u.test(fix.text)) plain++
          const comparable = (read: Reference | undefined) =>
            read && {
              kind: read.kind,
              raw: read.raw,
              target: read.target,
              anchor: read.anchor,
              position: offsets(read.position),
              targetPosition: offsets(read.targetPosition),
              anchorPosition: offsets(read.anchorPosition)
            }
          expect(comparable(rewritten(reference, fix, false)), `${raw} ← ${spelling}`).toEqual(
            comparable(readLink(replaced(reference, fix), false))
          )
        }
      }
    }
    expect(plain).toBeGreaterThan(40)
  })

  it('lands a Markdown link written in NFD on the note (ids are NFC), also under Quartz', () => {
    const nfd = 'e\u0301'
    for (const mode of ['absolute', 'shortest', 'relative', 'obsidian'] as const) {
      const {reading, from} = baseOf(['from.md', `list/${nfd}x.md`], mode)
      expect(reaches(`[t](list/${nfd}x.md)`, from, {kind: 'note', id: 'list/\u00e9x'}, reading), mode).toBe(true)
    }
  })

  it('keeps the first spelling that lands on the target, and says why when none does', () => {
    const {reading, from} = baseOf(['from.md', 'list/name.md', 'list/#name.md', 'list/C# notes.md'])
    const link = readLink('[x](old.md)', false)!
    const checked = checkedTargetFix(link, ['list/C# notes.md'], from, {kind: 'note', id: 'list/C# notes'}, reading)
    expect(checked).toMatchObject({ok: true, written: 'list/C%20notes.md', fix: {text: 'list/C%20notes.md'}})
    // `#name` and `name` share the slug `list/name`: the exact name wins, `#name` has no link.
    expect(checkedTargetFix(link, ['list/#name.md', '/list/#name.md'], from, {kind: 'note', id: 'list/#name'}, reading)).toEqual({
      ok: false,
      problem: '`list/name.md` would not resolve to `list/#name` under `absolute` resolution'
    })
    const wiki = readLink('[[old]]', false)!
    expect(checkedTargetFix(wiki, ['list/C# notes'], from, {kind: 'note', id: 'list/C# notes'}, reading)).toEqual({
      ok: false,
      problem: 'no wiki link can name `list/C# notes` (`#`)'
    })
  })

  it('never writes a quote or backslash into a frontmatter link (it sits in a YAML string)', () => {
    const {reading, from} = baseOf(['from.md', 'say "hi".md'], 'relative')
    const frontmatter = {...readLink('[[old]]', false)!, kind: 'frontmatter' as const}
    expect(checkedTargetFix(frontmatter, ['say "hi"'], from, {kind: 'note', id: 'say "hi"'}, reading)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('quote or backslash')
    })
  })
})
