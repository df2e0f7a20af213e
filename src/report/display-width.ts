/**
 * How many terminal columns a line of the stylish report takes, for the
 * lines that need no library: the rest go to string-width (report/wide-text.ts).
 *
 * string-width measures grapheme by grapheme (Intl.Segmenter), ≈ 75 µs for a
 * message: 0.2 s of a warm 10,000-note check that reports 934 problems, most
 * of them naming Cyrillic notes and headings. Printable ASCII, Latin-1
 * letters and signs, Cyrillic letters and the general punctuation of Russian
 * text (dashes, quotes, `…`, `№`) are one column per UTF-16 code unit, so
 * such a line is measured by its length; any other goes to string-width.
 * test/stylish.test.ts holds the two to the same answers.
 */

/**
 * Excluded on purpose: C0/C1 controls, `©` and `®` (emoji: two columns),
 * U+00AD (soft hyphen: zero), U+0483–U+0489 (combining Cyrillic marks),
 * U+200B–U+200F and U+2028–U+202E (zero width or invisible).
 */
const ONE_COLUMN_EACH = /^[\u0020-\u007e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u00ff\u0400-\u0482\u048a-\u052f\u2010-\u2027\u2116]*$/

/** The columns of a line of one-column characters (its length); undefined for any other line. */
export function narrowWidth(line: string): number | undefined {
  return ONE_COLUMN_EACH.test(line) ? line.length : undefined
}
