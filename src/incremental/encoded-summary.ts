/**
 * A note's references, kept encoded between the per-file phase and their use.
 *
 * References are most of a summary: every link with the span of each of its
 * parts. Held as objects for a whole run they were most of the memory
 * (≈ 750 bytes a link: 2.35 GB for 100,000 notes), and parsing them out of
 * the cache file was most of a warm run. So a summary that comes from a parse
 * worker or from the cache holds its references as bytes — UTF-8 JSON with
 * spans packed as six numbers, the very bytes the cache file stores — and
 * decodes them only when they are read:
 *
 * - `note.references` (reporters, graph, index, fixes, API users) decodes
 *   once and keeps the objects, so a summary still reads as plain data;
 * - `referencesOf(note)` (the whole-base pass) decodes without keeping, so a
 *   check over 100,000 notes holds only bytes;
 * - `encodedReferencesOf(note)` (the cache writer) reuses the bytes.
 *
 * The accessor is an enumerable own property, so `JSON.stringify` and
 * structured cloning see `references` as an ordinary array.
 *
 * The cache also keeps a note's *details* — headings, block ids,
 * frontmatter, title, description and tags, which a warm run reads only
 * for the few notes the changed ones link to — encoded the same way
 * (`attachEncodedDetails`): the first read of any of them decodes them all
 * and keeps them.
 *
 * The bytes may also be a function that fetches them (`EncodedBytes`): a
 * summary from the cache file reads its range of the file only when its
 * references or details are first wanted (incremental/cache.ts).
 */
import type {NoteSummary, Reference, Span} from '../kb/model.js'

/** The bytes of a summary whose references are still encoded. */
const ENCODED = Symbol('kb-lint.encoded-references')

/** Encoded bytes, or a function that fetches them (called at most once per read). */
export type EncodedBytes = Uint8Array | (() => Uint8Array)

type Encoded = NoteSummary & {[ENCODED]?: EncodedBytes}

function bytesOf(encoded: EncodedBytes): Uint8Array {
  return typeof encoded === 'function' ? encoded() : encoded
}

/** Encoded references or details do not decode: only a damaged cache file can cause this. */
export class EncodedSummaryError extends Error {
  override name = 'EncodedSummaryError'
}

const SPAN_FIELDS = ['position', 'targetPosition', 'anchorPosition', 'aliasPosition'] as const

/** `[line, column, offset, line, column, offset]`; offset -1 when absent. */
export type PackedSpan = [number, number, number, number, number, number]

export function packSpan(span: Span): PackedSpan {
  return [span.start.line, span.start.column, span.start.offset ?? -1, span.end.line, span.end.column, span.end.offset ?? -1]
}

export function unpackSpan(value: unknown): Span {
  if (!Array.isArray(value) || value.length !== 6) throw new EncodedSummaryError('a span is not six numbers')
  const [startLine, startColumn, startOffset, endLine, endColumn, endOffset] = value as number[]
  return {
    start: startOffset === -1 ? {line: startLine!, column: startColumn!} : {line: startLine!, column: startColumn!, offset: startOffset!},
    end: endOffset === -1 ? {line: endLine!, column: endColumn!} : {line: endLine!, column: endColumn!, offset: endOffset!}
  }
}

/** References → the UTF-8 JSON text stored in summaries and the cache. */
export function encodeReferences(references: readonly Reference[]): string {
  return JSON.stringify(
    references.map((reference) => {
      const copy: Record<string, unknown> = {...reference}
      for (const field of SPAN_FIELDS) if (reference[field] !== undefined) copy[field] = packSpan(reference[field])
      return copy
    })
  )
}

/** UTF-8 JSON bytes → value; `what` names them in the error. */
function parseBytes(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  } catch (error) {
    throw new EncodedSummaryError(`encoded ${what} are not JSON: ${(error as Error).message}`)
  }
}

export function decodeReferences(bytes: Uint8Array): Reference[] {
  const list = parseBytes(bytes, 'references')
  if (!Array.isArray(list)) throw new EncodedSummaryError('encoded references are not a list')
  for (const reference of list as Array<Record<string, unknown>>) {
    if (!reference || typeof reference !== 'object' || typeof reference.raw !== 'string' || typeof reference.target !== 'string') {
      throw new EncodedSummaryError('an encoded reference has no `raw` or `target`')
    }
    for (const field of SPAN_FIELDS) if (reference[field] !== undefined) reference[field] = unpackSpan(reference[field])
  }
  return list as Reference[]
}

/*
 * The accessors are shared by every summary (they find the bytes on `this`),
 * so summaries keep sharing V8 hidden classes: a getter closure per note made
 * attaching 10,000 cached notes several times slower. Decoded, a field
 * becomes a plain data property; the bytes are dropped (set to undefined,
 * not deleted, for the same reason).
 */
const REFERENCES_ACCESSOR: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: Encoded) {
    const references = decodeReferences(bytesOf(this[ENCODED]!))
    settle(this, references)
    return references
  },
  set(this: Encoded, references: Reference[]) {
    settle(this, references)
  }
}

/**
 * Give `note` (a summary without `references`) the references encoded in
 * `bytes`, decoded on first read. Assigning `note.references` replaces them.
 */
export function attachEncodedReferences(note: Omit<NoteSummary, 'references'>, bytes: EncodedBytes): NoteSummary {
  const summary = note as Encoded
  Object.defineProperty(summary, ENCODED, {value: bytes, configurable: true, enumerable: false, writable: true})
  Object.defineProperty(summary, 'references', REFERENCES_ACCESSOR)
  return summary
}

/** Replace the accessor by a plain data property holding `references`. */
function settle(summary: Encoded, references: Reference[]): void {
  summary[ENCODED] = undefined
  Object.defineProperty(summary, 'references', {value: references, configurable: true, enumerable: true, writable: true})
}

/** The note's references, decoded afresh and not kept when still encoded. */
export function referencesOf(note: NoteSummary): Reference[] {
  const bytes = (note as Encoded)[ENCODED]
  return bytes ? decodeReferences(bytesOf(bytes)) : note.references
}

/** The encoded bytes of a note's references (encoding them if they are objects). */
export function encodedReferencesOf(note: NoteSummary): Uint8Array {
  const bytes = (note as Encoded)[ENCODED]
  return bytes ? bytesOf(bytes) : Buffer.from(encodeReferences(note.references), 'utf8')
}

/** A copy of `note` without `references` (for storing them apart). */
export function withoutReferences(note: NoteSummary): Omit<NoteSummary, 'references'> {
  return without(note, ['references']) as Omit<NoteSummary, 'references'>
}

/** The summary fields stored as details: always there, then optional. */
const REQUIRED_DETAILS = ['headings', 'blockIds', 'frontmatter'] as const
const OPTIONAL_DETAILS = ['title', 'description', 'tags'] as const
export const DETAIL_FIELDS = [...REQUIRED_DETAILS, ...OPTIONAL_DETAILS] as const
export type DetailField = (typeof DETAIL_FIELDS)[number]
export type Details = Pick<NoteSummary, DetailField>

const ENCODED_DETAILS = Symbol('kb-lint.encoded-details')

/** Details still encoded: their bytes, and which optional ones they hold (`optionalDetailsOf`). */
interface EncodedDetails {
  bytes: EncodedBytes
  optional: number
}

/** A note's details → UTF-8 JSON bytes (reusing the bytes it was given, if still encoded). */
export function encodedDetailsOf(note: NoteSummary): Uint8Array {
  const encoded = (note as NoteSummary & {[ENCODED_DETAILS]?: EncodedDetails})[ENCODED_DETAILS]
  if (encoded) return bytesOf(encoded.bytes)
  const {headings, blockIds, frontmatter, title, description, tags} = note
  return Buffer.from(JSON.stringify({headings, blockIds, frontmatter, title, description, tags}), 'utf8')
}

/**
 * Which optional details the note has, as bits (title 1, description 2,
 * tags 4): kept beside the encoded bytes, so a summary whose details are
 * still encoded has exactly the keys of the one that was stored.
 */
export function optionalDetailsOf(note: Partial<Details>): number {
  // Still encoded: known without decoding (a cache rewrite asks of every note).
  const encoded = (note as {[ENCODED_DETAILS]?: EncodedDetails})[ENCODED_DETAILS]
  if (encoded) return encoded.optional
  let bits = 0
  OPTIONAL_DETAILS.forEach((field, index) => {
    if (note[field] !== undefined) bits |= 1 << index
  })
  return bits
}

/** A copy of `note` without `references` and details. */
export function withoutReferencesAndDetails(note: NoteSummary): Omit<NoteSummary, 'references' | DetailField> {
  return without(note, ['references', ...DETAIL_FIELDS]) as Omit<NoteSummary, 'references' | DetailField>
}

type WithDetails = Details & {[ENCODED_DETAILS]?: EncodedDetails}

function settleDetails(summary: WithDetails, values: Partial<Details>): void {
  summary[ENCODED_DETAILS] = undefined
  for (const field of DETAIL_FIELDS) {
    // An absent optional detail is absent, as in a summary never stored.
    if (values[field] === undefined && (OPTIONAL_DETAILS as readonly string[]).includes(field)) delete (summary as Partial<Details>)[field]
    else Object.defineProperty(summary, field, {value: values[field], configurable: true, enumerable: true, writable: true})
  }
}

function detailAccessor(field: DetailField, enumerable: boolean): PropertyDescriptor {
  return {
    configurable: true,
    enumerable,
    get(this: WithDetails) {
      const details = decodeDetails(bytesOf(this[ENCODED_DETAILS]!.bytes))
      settleDetails(this, details)
      return details[field]
    },
    set(this: WithDetails, value: unknown) {
      settleDetails(this, {...decodeDetails(bytesOf(this[ENCODED_DETAILS]!.bytes)), [field]: value})
    }
  }
}

/**
 * Shared accessors, one set per combination of optional details present
 * (see REFERENCES_ACCESSOR). An absent optional detail still gets an
 * accessor, not enumerable, so that assigning it settles the details
 * instead of leaving stale bytes behind.
 */
const DETAIL_ACCESSORS: PropertyDescriptorMap[] = Array.from({length: 1 << OPTIONAL_DETAILS.length}, (_, bits) =>
  Object.fromEntries([
    ...REQUIRED_DETAILS.map((field) => [field, detailAccessor(field, true)]),
    ...OPTIONAL_DETAILS.map((field, index) => [field, detailAccessor(field, (bits & (1 << index)) !== 0)])
  ])
)

/**
 * Give `note` the details encoded in `bytes`, all decoded on the first read
 * of any; `optional` says which optional ones they hold (`optionalDetailsOf`).
 */
export function attachEncodedDetails<T extends object>(note: T, bytes: EncodedBytes, optional: number): T & Details {
  const summary = note as T & WithDetails
  const bits = optional & (DETAIL_ACCESSORS.length - 1)
  const encoded: EncodedDetails = {bytes, optional: bits}
  Object.defineProperty(summary, ENCODED_DETAILS, {value: encoded, configurable: true, enumerable: false, writable: true})
  Object.defineProperties(summary, DETAIL_ACCESSORS[bits]!)
  return summary
}

function decodeDetails(bytes: Uint8Array): Details {
  const details = parseBytes(bytes, 'details') as Details
  if (
    !details ||
    !Array.isArray(details.headings) ||
    !Array.isArray(details.blockIds) ||
    !details.frontmatter ||
    typeof details.frontmatter !== 'object' ||
    !(details.title === undefined || typeof details.title === 'string') ||
    !(details.description === undefined || typeof details.description === 'string') ||
    !(details.tags === undefined || (Array.isArray(details.tags) && details.tags.every((tag) => typeof tag === 'string')))
  ) {
    throw new EncodedSummaryError(
      'encoded details lack headings, block ids or frontmatter, or hold a title, description or tags of the wrong type'
    )
  }
  return details
}

function without(note: NoteSummary, fields: readonly string[]): Partial<NoteSummary> {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(note)) {
    if (!fields.includes(key)) copy[key] = (note as unknown as Record<string, unknown>)[key]
  }
  return copy as Partial<NoteSummary>
}
