/**
 * A note with 150,000 findings is reported by the default (stylish) reporter
 * without overflowing the stack (vfile-reporter spreads a file's rows into
 * `push`). Slow (vfile-reporter measures the width of every cell: minutes for
 * 150,000 rows), hence e2e.
 */
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {reporters} from '../../src/report/index.js'

describe('the stylish report of a huge note', () => {
  it('prints all 150,000 messages of one note', () => {
    const file = new VFile({path: 'huge.md'})
    for (let index = 0; index < 150_000; index++)
      file.message('Cannot find `x`', {place: {line: index + 1, column: 1}, ruleId: 'link-unresolved', source: 'kb-lint'})
    const text = reporters.stylish([file], {cwd: process.cwd(), rules: [], toolVersion: '0'} as never)
    expect(text).toContain('150000 warnings')
    expect(text).toContain('150000:1')
  }, 900_000)
})
