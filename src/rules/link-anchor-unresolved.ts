import {slug} from 'github-slugger'
import {closest} from '../kb/suggest.js'
import type {NoteSummary, Reference} from '../kb/model.js'
import {quote} from './link-format.js'
import type {BaseRule} from './types.js'

export const linkAnchorUnresolved: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-anchor-unresolved',
    description: 'A link to a heading (`[[note#Heading]]`, `[t](note.md#slug)`) or block (`[[note#^id]]`) that the target note does not have.',
    defaultSeverity: 'error',
    reads: 'landmarks',
    hasSuggestions: true
  },
  check({references, base, report}) {
    for (const {reference, resolution} of references) {
      if (reference.anchor === undefined) continue
      if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') continue
      if (resolution.kind !== 'note') continue
      const note = base.byId.get(resolution.id)
      if (!note) continue
      const problem = anchorProblem(reference, note)
      if (problem) {
        report({
          reason: problem.reason + (problem.suggestion ? `; did you mean \`${problem.suggestion}\`?` : ''),
          place: reference.position,
          expected: problem.suggestion ? [problem.suggestion] : undefined,
          actual: reference.anchor
        })
      }
    }
  }
}

/** Heading text as Obsidian compares it: trimmed, case-folded, NFC. */
export function foldHeading(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

interface Anchors {
  blocks: Set<string>
  slugs: Set<string>
  /** Folded heading texts. */
  texts: Set<string>
  /** Slugs of heading texts (Quartz's form), made only when a link needs them. */
  sluggedTexts?: Set<string>
}

/** Each target note's anchors, prepared once per run (a note is linked many times). */
const anchorsOf = new WeakMap<NoteSummary, Anchors>()

function anchors(note: NoteSummary): Anchors {
  let found = anchorsOf.get(note)
  if (!found) {
    found = {blocks: new Set(note.blockIds.map((block) => block.id)), slugs: new Set(), texts: new Set()}
    for (const heading of note.headings) {
      found.slugs.add(heading.slug)
      found.texts.add(foldHeading(heading.text))
    }
    anchorsOf.set(note, found)
  }
  return found
}

function anchorProblem(reference: Reference, note: NoteSummary): {reason: string; suggestion?: string} | undefined {
  const known = anchors(note)
  const anchor = reference.anchor!
  const where = reference.target === '' ? 'this note' : `\`${note.id}\``
  if (anchor.startsWith('^')) {
    const id = anchor.slice(1)
    if (known.blocks.has(id)) return undefined
    return {reason: `${quote(reference)}: no block \`^${id}\` in ${where}`, suggestion: suggest(id, note.blockIds.map((block) => block.id), '^')}
  }
  if (reference.anchorIsSlug) {
    const wantedSlug = anchor.toLowerCase()
    if (known.slugs.has(wantedSlug)) return undefined
    return {reason: `${quote(reference)}: no heading with the slug \`${anchor}\` in ${where}`, suggestion: suggest(wantedSlug, note.headings.map((heading) => heading.slug), '#')}
  }
  // Obsidian allows a heading path `[[note#Parent#Child]]`: the last part names the heading.
  const wanted = foldHeading(anchor.split('#').pop()!)
  if (known.texts.has(wanted)) return undefined
  // Quartz slugs wiki anchors, so the slug form works too (Dendron writes it).
  if (known.slugs.has(wanted)) return undefined
  known.sluggedTexts ??= new Set(note.headings.map((heading) => slug(heading.text)))
  if (known.sluggedTexts.has(slug(wanted))) return undefined
  return {reason: `${quote(reference)}: no heading \`${anchor}\` in ${where}`, suggestion: suggest(anchor, note.headings.map((heading) => heading.text), '#')}
}

function suggest(wanted: string, candidates: string[], prefix: string): string | undefined {
  const found = closest(wanted, candidates, Math.max(2, Math.floor(wanted.length / 3)))
  return found === undefined ? undefined : prefix + found
}
