import type {Heading} from '../kb/model.js'
import {describeTemplate, sectionKey, sections, selectTemplate} from '../kb/structure.js'
import type {BaseRule} from './types.js'

export const structureSectionOrder: BaseRule = {
  scope: 'base',
  meta: {
    id: 'structure-section-order',
    description: 'A note whose template sections (config `structure`) are present but not in the template’s order.',
    defaultSeverity: 'warn',
    reads: 'landmarks'
  },
  check({note, structure, templates, report}) {
    const template = selectTemplate(note, structure, templates)
    if (!template) return
    const order = new Map<string, number>()
    for (const [index, section] of sections(template.summary).entries()) {
      if (!order.has(sectionKey(section.text))) order.set(sectionKey(section.text), index)
    }
    const present = sections(note)
      .map((heading) => ({heading, index: order.get(sectionKey(heading.text))}))
      .filter((entry): entry is {heading: Heading; index: number} => entry.index !== undefined)
    // The longest run already in template order stays; each other section is
    // the one to move, so one misplaced section gives one message, not many.
    const keep = longestIncreasing(present.map((entry) => entry.index))
    const kept = present.filter((_, position) => keep.has(position))
    present.forEach((entry, position) => {
      if (keep.has(position)) return
      const after = kept.filter((other) => other.index < entry.index).at(-1)
      const before = kept.find((other) => other.index > entry.index)
      const where = after ? `after \`## ${after.heading.text}\`` : `before \`## ${before!.heading.text}\``
      report({
        reason: `Section \`## ${entry.heading.text}\` is out of order: move it ${where}, as in ${describeTemplate(template)}`,
        place: {
          start: {line: entry.heading.line, column: entry.heading.column},
          end: {line: entry.heading.line, column: entry.heading.column}
        }
      })
    })
  }
}

/** Positions of one longest strictly increasing subsequence (sections are few: O(n²) is fine). */
function longestIncreasing(values: number[]): Set<number> {
  const length = values.map(() => 1)
  const previous = values.map(() => -1)
  let best = -1
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < i; j++) {
      if (values[j]! < values[i]! && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1
        previous[i] = j
      }
    }
    if (best === -1 || length[i]! > length[best]!) best = i
  }
  const positions = new Set<number>()
  for (let i = best; i !== -1; i = previous[i]!) positions.add(i)
  return positions
}
