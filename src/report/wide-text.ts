/**
 * Measuring and wrapping the lines that report/display-width.ts does not
 * cover: string-width and wrap-ansi. string-width makes an `Intl.Segmenter`
 * as it loads (≈ 15 ms, an eighth of a one-note check), so the CLI loads
 * this module only for a stylish report that needs it: one for a terminal
 * (lines may wrap) or with a message outside the narrow characters
 * (`needsWideText` in report/stylish.ts). The API's reporters load it always
 * (report/index.ts).
 */
import stringWidth from 'string-width'
import wrapAnsi from 'wrap-ansi'
import {narrowWidth} from './display-width.js'

export interface WideText {
  /** Terminal columns of a line. */
  width(line: string): number
  /** A line cut into lines of at most `columns`, at word boundaries (long words are split). */
  wrap(line: string, columns: number): string[]
}

export const wideText: WideText = {
  width: (line) => narrowWidth(line) ?? stringWidth(line),
  wrap: (line, columns) => wrapAnsi(line, columns, {hard: true, trim: true}).split('\n')
}
