/**
 * White space by character code, for scanners that must not allocate per
 * character (the fast parser, link targets).
 */

/**
 * Whether a UTF-16 code unit is one that `/\s/` matches (JavaScript's white
 * space and line terminators), without making a one-character string of
 * it: indexing a string at a non-ASCII character allocates one, and in a
 * Cyrillic base that was most of what the fast parser allocated
 * (test/fast-parser.test.ts holds this to the regex for every code unit).
 */
export function isJsSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  if (code < 0xa0) return false
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  )
}
