import {describe, expect, it} from 'vitest'
import {SHORT_RUN_INLINING_BUDGET, SHORT_RUN_YOUNG_GROWTH, tuneForShortRuns} from '../src/cli/v8-flags.js'

const budget = `--max-inlined-bytecode-size-cumulative=${SHORT_RUN_INLINING_BUDGET}`
const growth = `--semi-space-growth-factor=${SHORT_RUN_YOUNG_GROWTH}`

function tuned(execArgv: string[]): string[] {
  const set: string[] = []
  tuneForShortRuns(execArgv, (flags) => set.push(flags))
  return set
}

describe('V8 settings of a command-line run', () => {
  it('lowers the inlining budget and keeps the young generation from growing', () => {
    expect(tuned([])).toEqual([budget, growth])
  })

  it('keeps a budget given on node’s own command line', () => {
    expect(tuned(['--max-inlined-bytecode-size-cumulative=920'])).toEqual([growth])
  })

  it('keeps a young generation sized or grown on node’s own command line', () => {
    expect(tuned(['--max-semi-space-size=64'])).toEqual([budget])
    expect(tuned(['--min-semi-space-size=16'])).toEqual([budget])
    expect(tuned(['--semi-space-growth-factor=4'])).toEqual([budget])
  })
})
