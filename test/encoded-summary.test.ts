/**
 * A summary whose references and details are still encoded must read, copy
 * and serialise exactly like the plain summary it came from.
 */
import {describe, expect, it} from 'vitest'
import {
  attachEncodedDetails,
  attachEncodedReferences,
  decodeReferences,
  encodeReferences,
  encodedDetailsOf,
  encodedReferencesOf,
  EncodedSummaryError,
  optionalDetailsOf,
  referencesOf,
  withoutReferences,
  withoutReferencesAndDetails
} from '../src/incremental/encoded-summary.js'
import type {NoteSummary} from '../src/kb/model.js'

const plain: NoteSummary = {
  path: 'заметки/é.md',
  id: 'заметки/é',
  hash: 'abc',
  frontmatter: {
    present: true,
    valid: true,
    data: {title: 'T', tags: ['a']},
    keyLines: {title: 2},
    span: {start: {line: 1, column: 1, offset: 0}, end: {line: 4, column: 4, offset: 30}}
  },
  title: 'T',
  headings: [{text: 'Раздел', depth: 2, slug: 'раздел', line: 6, column: 1}],
  blockIds: [{id: 'b1', line: 8, column: 10}],
  references: [
    {
      kind: 'wikilink',
      raw: '[[a/b#Раздел|Алиас]]',
      target: 'a/b',
      anchor: 'Раздел',
      alias: 'Алиас',
      position: {start: {line: 7, column: 1, offset: 40}, end: {line: 7, column: 21, offset: 60}},
      targetPosition: {start: {line: 7, column: 3, offset: 42}, end: {line: 7, column: 6, offset: 45}}
    },
    {kind: 'frontmatter', raw: '"[[c]]"', target: 'c', position: {start: {line: 3, column: 8}, end: {line: 3, column: 15}}},
    {
      kind: 'markdown',
      raw: '![x](i.png)',
      target: 'i.png',
      image: true,
      position: {start: {line: 9, column: 1, offset: 70}, end: {line: 9, column: 12, offset: 81}}
    }
  ],
  findings: [],
  wordCount: 3
}

function encoded(from: NoteSummary = plain): NoteSummary {
  const copy = JSON.parse(JSON.stringify(from)) as NoteSummary
  const head = attachEncodedDetails(withoutReferencesAndDetails(copy), encodedDetailsOf(copy), optionalDetailsOf(copy))
  return attachEncodedReferences(head, encodedReferencesOf(copy))
}

/** `plain` with a description and tags, and without a title. */
const described: NoteSummary = (({title: _title, ...rest}) => ({...rest, description: 'О заметке', tags: ['a', 'b']}))(plain)

describe('encoded summaries', () => {
  it('round-trips references exactly, spans without offsets included', () => {
    expect(decodeReferences(Buffer.from(encodeReferences(plain.references)))).toEqual(plain.references)
  })

  it('read, serialise and spread like plain summaries', () => {
    expect(JSON.parse(JSON.stringify(encoded()))).toEqual(JSON.parse(JSON.stringify(plain)))
    expect(structuredClone(encoded())).toEqual(plain)
    expect({...encoded()}).toEqual(plain)
    const note = encoded()
    expect(note.headings[0]!.slug).toBe('раздел')
    expect(note.frontmatter.data).toEqual({title: 'T', tags: ['a']})
    expect(Object.keys(note).sort()).toEqual(Object.keys(plain).sort())
  })

  it('have exactly the optional details (title, description, tags) that were stored, before and after decoding', () => {
    for (const from of [plain, described]) {
      const note = encoded(from)
      expect(Object.keys(note).sort()).toEqual(Object.keys(from).sort())
      expect({...note}).toStrictEqual({...from})
      expect(note.title).toBe(from.title)
      expect(Object.keys(note).sort()).toEqual(Object.keys(from).sort())
      expect(JSON.parse(JSON.stringify(note))).toStrictEqual(JSON.parse(JSON.stringify(from)))
    }
    expect(encoded(described).tags).toEqual(['a', 'b'])
  })

  it('tells which optional details it has without decoding them', () => {
    let fetched = 0
    const copy = JSON.parse(JSON.stringify(described)) as NoteSummary
    const bytes = encodedDetailsOf(copy)
    const fetch = () => {
      fetched++
      return bytes
    }
    const note = attachEncodedDetails(withoutReferencesAndDetails(copy), fetch, optionalDetailsOf(copy))
    expect(optionalDetailsOf(note)).toBe(optionalDetailsOf(described))
    expect(fetched).toBe(0)
    expect(note.description).toBe('О заметке')
    expect(fetched).toBe(1)
    expect(optionalDetailsOf(note)).toBe(optionalDetailsOf(described))
  })

  it('keeps an optional detail assigned while the details are still encoded', () => {
    const note = encoded()
    note.description = 'Новое'
    expect(note.headings).toEqual(plain.headings)
    expect(JSON.parse(encodedDetailsOf(note).toString())).toMatchObject({title: 'T', description: 'Новое'})
  })

  it('decodes for the link pass without keeping, and keeps once read', () => {
    const note = encoded()
    const first = referencesOf(note)
    expect(first).toEqual(plain.references)
    expect(referencesOf(note)).not.toBe(first)
    const kept = note.references
    expect(note.references).toBe(kept)
    expect(referencesOf(note)).toBe(kept)
  })

  it('takes assignments', () => {
    const note = encoded()
    note.references = []
    expect(referencesOf(note)).toEqual([])
    expect(JSON.parse(encodedReferencesOf(note).toString())).toEqual([])
    note.headings = []
    expect(note.headings).toEqual([])
    expect(note.blockIds).toEqual(plain.blockIds)
  })

  it('refuses damaged bytes with its own error', () => {
    const note = attachEncodedReferences(withoutReferences(plain), Buffer.from('[{"raw": 1}]'))
    expect(() => referencesOf(note)).toThrow(EncodedSummaryError)
    expect(() => decodeReferences(Buffer.from('{not json'))).toThrow(EncodedSummaryError)
    const details = {headings: [], blockIds: [], frontmatter: {present: false, valid: false}, title: 7}
    const head = attachEncodedDetails(withoutReferencesAndDetails(plain), Buffer.from(JSON.stringify(details)), optionalDetailsOf(plain))
    expect(() => head.headings).toThrow(EncodedSummaryError)
  })
})
