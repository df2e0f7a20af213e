import {findAnchor} from '../kb/anchors.js'
import {OBSIDIAN_CHOICES, obsidianHeadingKeys} from '../kb/obsidian.js'
import type {ResolutionMode} from '../kb/resolve.js'
import {closest} from '../kb/suggest.js'
import type {NoteSummary, Reference} from '../kb/model.js'
import {quote} from './link-messages.js'
import type {BaseRule} from './types.js'

export const linkAnchorUnresolved: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-anchor-unresolved',
    description:
      'A link to a heading (`[[note#Heading]]`, `[t](note.md#slug)`) or block (`[[note#^id]]`) that the target note does not have.',
    defaultSeverity: 'error',
    reads: 'landmarks',
    hasSuggestions: true
  },
  check({references, base, resolver, report}) {
    for (const {reference, resolution} of references) {
      if (reference.anchor === undefined) continue
      if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') continue
      if (resolution.kind === 'folder') {
        // A folder page (Quartz) lists notes; it has no headings to land on.
        report({
          reason: `${quote(reference)}: \`${resolution.id || '/'}\` is a folder; its page has no heading \`${reference.anchor}\``,
          place: reference.position,
          actual: reference.anchor
        })
        continue
      }
      if (resolution.kind !== 'note') continue
      const note = base.byId.get(resolution.id)
      if (!note) continue
      const problem = anchorProblem(reference, note, resolver.mode)
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

function anchorProblem(reference: Reference, note: NoteSummary, mode: ResolutionMode): {reason: string; suggestion?: string} | undefined {
  const anchor = reference.anchor!
  const slugFragments = OBSIDIAN_CHOICES.markdownSlugFragments && reference.kind === 'markdown'
  const miss = findAnchor(anchor, note, mode, {headingKeys: obsidianHeadingKeys, slugFragments})
  if (!miss) return undefined
  const where = reference.target === '' ? 'this note' : `\`${note.id}\``
  if (miss.kind === 'block') {
    return {
      reason: `${quote(reference)}: no block \`^${miss.id}\` in ${where}`,
      suggestion: suggest(
        miss.id,
        note.blockIds.map((block) => block.id),
        '^'
      )
    }
  }
  // Suggest in the form the writer used: a slug for a slug (Obsidian takes heading text only).
  const candidates = note.headings.map((heading) => (mode !== 'obsidian' && isSlugForm(anchor) ? heading.slug : heading.text))
  return {reason: `${quote(reference)}: no heading \`${anchor}\` in ${where}`, suggestion: suggest(anchor, candidates, '#')}
}

/** `my-heading`, `шаги-1`: lower case without spaces, as slugs are written. */
function isSlugForm(anchor: string): boolean {
  return !/\s/.test(anchor) && anchor === anchor.toLowerCase() && anchor.includes('-')
}

function suggest(wanted: string, candidates: string[], prefix: string): string | undefined {
  const found = closest(wanted, candidates, Math.max(2, Math.floor(wanted.length / 3)))
  return found === undefined ? undefined : prefix + found
}
