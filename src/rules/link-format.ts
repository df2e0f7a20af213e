/** How link messages quote a link and name a target. */
import type {Fix, Reference} from '../kb/model.js'
import {encodeDestination} from '../kb/link-target.js'

/** The link as written, for messages a writer can search for. */
export function quote(reference: Reference): string {
  const raw = reference.raw.replace(/\s*\n\s*/g, ' ')
  return '`' + (raw.length > 120 ? raw.slice(0, 117) + '...' : raw) + '`'
}

/** Whether the target names a file other than a note (`img.png`, `a.pdf`). */
export function isAttachmentTarget(target: string): boolean {
  return /\.[A-Za-z0-9]{1,8}$/.test(target) && !/\.md$/i.test(target)
}

/**
 * A fix that replaces only the target part of a link with `target` (decoded
 * text; Markdown destinations are encoded as the writer encoded them).
 * Undefined when the link has no exact target span or nothing would change.
 */
export function targetFix(reference: Reference, target: string): Fix | undefined {
  const span = reference.targetPosition
  const start = span?.start.offset
  const end = span?.end.offset
  const linkStart = reference.position.start.offset
  if (start === undefined || end === undefined || linkStart === undefined) return undefined
  const written = reference.raw.slice(start - linkStart, end - linkStart)
  const text = reference.kind === 'markdown'
    ? encodeDestination(target, written, reference.raw[start - linkStart - 1] === '<')
    : target
  return text === written ? undefined : {start, end, text}
}
