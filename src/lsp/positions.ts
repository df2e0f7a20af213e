/**
 * kb-lint positions (1-based line/column, offsets into the decoded text) ↔
 * LSP positions (0-based line, UTF-16 character). Both count columns in
 * UTF-16 code units of the same text, so only the base changes.
 */
import type {Position, Range} from 'vscode-languageserver'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import type {Point, Span} from '../kb/model.js'

export function toPosition(point: Point): Position {
  return {line: Math.max(0, point.line - 1), character: Math.max(0, point.column - 1)}
}

export function toRange(span: Span): Range {
  return {start: toPosition(span.start), end: toPosition(span.end)}
}

export function offsetsToRange(document: TextDocument, start: number, end: number): Range {
  return {start: document.positionAt(start), end: document.positionAt(end)}
}

/** Whether `position` lies in `span` (end inclusive: the cursor right after a link is on it). */
export function spanContains(span: Span, position: Position): boolean {
  const line = position.line + 1
  const column = position.character + 1
  if (line < span.start.line || line > span.end.line) return false
  if (line === span.start.line && column < span.start.column) return false
  if (line === span.end.line && column > span.end.column) return false
  return true
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character)
  return !before(a.end, b.start) && !before(b.end, a.start)
}
