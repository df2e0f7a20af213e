/**
 * Bytes → text. Notes must be UTF-8 (a UTF-8 BOM is accepted and removed, and
 * remembered so fixes can put it back). Anything else is one clear
 * `file-encoding` finding instead of mojibake or a crash.
 */
export type Decoded = {ok: true; text: string; bom: boolean} | {ok: false; reason: string}

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

export function decodeNote(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {ok: false, reason: 'File is UTF-16 encoded; save it as UTF-8'}
  }
  // A NUL byte never occurs in text: this is an image, archive or similar.
  const probe = bytes.subarray(0, 8192)
  if (probe.includes(0)) return {ok: false, reason: 'File looks binary (contains NUL bytes), not Markdown text'}
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return {ok: false, reason: `File is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(bytes)}); save it as UTF-8`}
  }
  const bom = text.charCodeAt(0) === 0xfeff
  return {ok: true, text: bom ? text.slice(1) : text, bom}
}

/** Offset of the first byte that breaks UTF-8, for the message. */
function firstInvalidByte(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8')
  let low = 0
  let high = bytes.length
  // Binary search on prefix validity: a prefix decodes without U+FFFD until the bad byte.
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (lenient.decode(bytes.subarray(0, middle), {stream: true}).includes('\uFFFD')) high = middle - 1
    else low = middle
  }
  // A streaming decoder holds back a sequence cut off at the end of the
  // prefix, so the longest clean prefix may end inside the bad sequence:
  // report where that sequence starts.
  let lead = low
  while (lead > 0 && low - lead < 3 && (bytes[lead - 1]! & 0xc0) === 0x80) lead--
  if (lead > 0 && bytes[lead - 1]! >= 0xc0) {
    const first = bytes[lead - 1]!
    const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : 2
    if (low - (lead - 1) < length) return lead - 1
  }
  return low
}
