/**
 * V8 settings for a command-line run, set before any code is optimized.
 *
 * A check is a short run: a cold 1,000-note check lasts about a second.
 *
 * - **Inlining budget.** Under callgrind ≈ 30 % of a cold check's
 *   instructions are TurboFan compiling hot functions on a background
 *   thread, which on a 2-core machine competes with the main thread and the
 *   garbage collector. A smaller inlining budget (V8's default is 920 bytes
 *   of bytecode inlined per optimized function) makes each optimization
 *   cheaper: the cold 1,000-note check took 0.90× the wall time and 0.85×
 *   the CPU, with 10,000 notes cold and warm unchanged (0.99×, 0.98×).
 * - **Young generation.** V8 doubles its young generation (up to two 16 MB
 *   halves) as objects survive, and every fresh page of it costs a page
 *   fault: ≈ 14 µs each on this project's VM, where a cold 1,000-note check
 *   spent 0.25 s of system time on them. The size itself is fixed when V8
 *   starts, but the growth factor is read at each growth: at 1 the young
 *   generation stays at its first size. The cold 1,000-note check took
 *   0.94× the wall time and 0.93× the CPU (peak 89 MB instead of 119 MB),
 *   the warm 10,000-note check 0.90×; the cold 10,000-note check, whose
 *   worker threads share the setting, 1.00×.
 *
 * Measured in interleaved pairs (bench/README.md, "Short runs and V8's
 * optimizing compiler" and "Boxed numbers, allocation, and a leaner cache
 * header"). Only the CLI sets them: the library and the remark plugin run
 * inside other programs, whose V8 is theirs to tune. A setting given on
 * node's own command line (`node --max-inlined-bytecode-size-cumulative=N`,
 * a young-generation size or growth factor) is kept.
 */
import v8 from 'node:v8'

export const SHORT_RUN_INLINING_BUDGET = 200
export const SHORT_RUN_YOUNG_GROWTH = 1

/** Each setting, and the node options that, given by the user, leave it alone. */
const SETTINGS: Array<{flag: string; value: number; userFlags: string[]}> = [
  {flag: '--max-inlined-bytecode-size-cumulative', value: SHORT_RUN_INLINING_BUDGET, userFlags: ['--max-inlined-bytecode-size-cumulative']},
  {
    flag: '--semi-space-growth-factor',
    value: SHORT_RUN_YOUNG_GROWTH,
    userFlags: ['--semi-space-growth-factor', '--min-semi-space-size', '--max-semi-space-size']
  }
]

export function tuneForShortRuns(execArgv: readonly string[] = process.execArgv, setFlags = v8.setFlagsFromString): void {
  for (const {flag, value, userFlags} of SETTINGS) {
    const given = execArgv.some((argument) => userFlags.some((user) => argument.startsWith(user)))
    if (!given) setFlags(`${flag}=${value}`)
  }
}
