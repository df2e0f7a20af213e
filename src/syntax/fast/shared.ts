/** Pieces shared by the fast parser's block and inline scanners. */
import type {Point} from 'unist'

/**
 * Thrown where the fast parser cannot be certain it reads the note exactly
 * as the reference (remark) does; the note is then parsed by the reference.
 * `reason` is for debugging and the differential test, never for users.
 */
export class Unsure extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/** Offsets to unist points (1-based line and column, UTF-16 code units, like micromark). */
export class Positions {
  readonly lineStarts: number[]

  constructor(source: string) {
    const starts = [0]
    let at = source.indexOf('\n')
    while (at !== -1) {
      starts.push(at + 1)
      at = source.indexOf('\n', at + 1)
    }
    this.lineStarts = starts
  }

  point(offset: number): Point {
    const starts = this.lineStarts
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return {line: low + 1, column: offset - starts[low]! + 1, offset}
  }
}
