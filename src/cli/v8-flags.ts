/**
 * V8 settings for a command-line run, set before any code is optimized.
 *
 * A check is a short run: a cold 1,000-note check lasts about a second, and
 * under callgrind ≈ 30 % of its instructions are TurboFan compiling hot
 * functions on a background thread, which on a 2-core machine competes with
 * the main thread and the garbage collector. A smaller inlining budget (V8's
 * default is 920 bytes of bytecode inlined per optimized function) makes
 * each optimization cheaper: measured in interleaved pairs (bench/README.md,
 * "Short runs and V8's optimizing compiler"), the cold 1,000-note check took
 * 0.90× the wall time and 0.85× the CPU, with 10,000 notes cold and warm
 * unchanged (0.99×, 0.98×).
 *
 * Only the CLI sets it: the library and the remark plugin run inside other
 * programs, whose V8 is theirs to tune. A budget given on node's own command
 * line (`node --max-inlined-bytecode-size-cumulative=N …`) is kept.
 */
import v8 from 'node:v8'

const INLINING_FLAG = '--max-inlined-bytecode-size-cumulative'
export const SHORT_RUN_INLINING_BUDGET = 200

export function tuneForShortRuns(execArgv: readonly string[] = process.execArgv, setFlags = v8.setFlagsFromString): void {
  if (execArgv.some((argument) => argument.startsWith(INLINING_FLAG))) return
  setFlags(`${INLINING_FLAG}=${SHORT_RUN_INLINING_BUDGET}`)
}
