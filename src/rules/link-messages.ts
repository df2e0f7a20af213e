/** How link messages quote a link and name a target. */
import type {Reference} from '../kb/model.js'

/** The link as written, for messages a writer can search for. */
export function quote(reference: Reference): string {
  const raw = reference.raw.replace(/\s*\n\s*/g, ' ')
  return '`' + (raw.length > 120 ? raw.slice(0, 117) + '...' : raw) + '`'
}

/** Whether the target names a file other than a note (`img.png`, `a.pdf`). */
export function isAttachmentTarget(target: string): boolean {
  return /\.[A-Za-z0-9]{1,8}$/.test(target) && !/\.md$/i.test(target)
}
