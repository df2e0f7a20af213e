import {describe, expect, it} from 'vitest'
import {SHORT_RUN_INLINING_BUDGET, tuneForShortRuns} from '../src/cli/v8-flags.js'

describe('V8 settings of a command-line run', () => {
  it('lowers the inlining budget', () => {
    const set: string[] = []
    tuneForShortRuns([], (flags) => set.push(flags))
    expect(set).toEqual([`--max-inlined-bytecode-size-cumulative=${SHORT_RUN_INLINING_BUDGET}`])
  })

  it('keeps a budget given on node’s own command line', () => {
    const set: string[] = []
    tuneForShortRuns(['--max-inlined-bytecode-size-cumulative=920'], (flags) => set.push(flags))
    expect(set).toEqual([])
  })
})
