import {describeTemplate, sectionKey, sections, selectTemplate, selectorPlace} from '../kb/structure.js'
import type {BaseRule} from './types.js'

export const structureMissingSection: BaseRule = {
  scope: 'base',
  meta: {
    id: 'structure-missing-section',
    description: 'A note without one of the `##` sections of the template its frontmatter selects (config `structure`).',
    defaultSeverity: 'warn',
    reads: 'landmarks',
    hasSuggestions: true
  },
  check({note, structure, templates, report}) {
    const template = selectTemplate(note, structure, templates)
    if (!template) return
    const present = new Set(sections(note).map((heading) => sectionKey(heading.text)))
    for (const section of sections(template.summary)) {
      if (present.has(sectionKey(section.text))) continue
      report({
        reason: `Missing section \`## ${section.text}\` from ${describeTemplate(template)}; add it`,
        place: selectorPlace(note, template.by),
        expected: [`## ${section.text}`]
      })
    }
  }
}
