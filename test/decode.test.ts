import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {decodeNote} from '../src/engine/decode.js'
import {propertyRuns} from './property-runs.js'

/** The definition of valid UTF-8 and its text: a fatal TextDecoder, as the WHATWG Encoding standard decodes it. */
function reference(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    return undefined
  }
}

describe('decodeNote', () => {
  it('accepts and decodes exactly what a fatal TextDecoder does (a BOM aside)', () => {
    // Bytes around the UTF-8 boundaries: continuation bytes, lead bytes of
    // every length, overlong and surrogate leads, the BOM's bytes.
    const byte = fc.oneof(
      fc.integer({min: 0x01, max: 0x7f}),
      fc.integer({min: 0x80, max: 0xbf}),
      fc.constantFrom(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff)
    )
    fc.assert(
      fc.property(fc.array(byte, {maxLength: 12}), (values) => {
        const bytes = Uint8Array.from(values)
        const expected = reference(bytes)
        const decoded = decodeNote(bytes)
        if (expected === undefined) {
          expect(decoded.ok).toBe(false)
        } else {
          const bom = expected.charCodeAt(0) === 0xfeff
          expect(decoded).toEqual({ok: true, text: bom ? expected.slice(1) : expected, bom})
        }
      }),
      {numRuns: propertyRuns(5000)}
    )
  })

  it('decodes any text, Cyrillic and astral characters included, as a fatal TextDecoder does', () => {
    const text = fc.oneof(
      fc.string({unit: 'binary', maxLength: 300}),
      fc.string({unit: fc.constantFrom('а', 'Ж', 'ё', ' ', '\n', 'x', '|', '😀', '\u00e9', '\u2014', '\ufeff'), maxLength: 300})
    )
    fc.assert(
      fc.property(text, (value) => {
        const bytes = Buffer.from(value, 'utf8')
        const expected = reference(bytes)!
        const bom = expected.charCodeAt(0) === 0xfeff
        const decoded = decodeNote(bytes)
        if (bytes.includes(0)) expect(decoded.ok).toBe(false)
        else expect(decoded).toEqual({ok: true, text: bom ? expected.slice(1) : expected, bom})
      }),
      {numRuns: propertyRuns(2000)}
    )
  })

  it('removes a BOM and remembers it, and names the first bad byte', () => {
    expect(decodeNote(Buffer.from('\uFEFFПривет', 'utf8'))).toEqual({ok: true, text: 'Привет', bom: true})
    expect(decodeNote(Buffer.from([0x61, 0x62, 0xd0]))).toEqual({
      ok: false,
      reason: 'File is not valid UTF-8 (first bad byte at offset 2); save it as UTF-8'
    })
    // A view into a larger buffer decodes only its own bytes.
    const whole = Buffer.from('xxПривет', 'utf8')
    expect(decodeNote(new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.length - 2))).toEqual({ok: true, text: 'Привет', bom: false})
  })
})
