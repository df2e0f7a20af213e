/** `kb-lint mv OLD NEW`: move a note or folder and rewrite every link to it. */
import {moveInBase, MoveError} from '../engine/move.js'
import {UsageError, EXIT_OK} from './errors.js'
import {writeStdout} from './output.js'

export interface MoveCommandOptions {
  root: string
  config?: string
  dryRun?: boolean
}

export async function runMove(from: string, to: string, options: MoveCommandOptions): Promise<number> {
  let outcome
  try {
    outcome = await moveInBase({root: options.root, configFile: options.config, from, to, dryRun: options.dryRun})
  } catch (error) {
    if (error instanceof MoveError) throw new UsageError(error.message)
    throw error
  }
  const links = [...outcome.rewritten.values()].reduce((sum, count) => sum + count, 0)
  const files = outcome.moved.length
  const verb = options.dryRun ? 'would move' : 'moved'
  if (options.dryRun) await writeStdout(outcome.diff)
  process.stderr.write(
    `kb-lint: ${verb} ${files} ${files === 1 ? 'file' : 'files'} and ${options.dryRun ? 'would rewrite' : 'rewrote'} ${links} ${links === 1 ? 'link' : 'links'} in ${outcome.rewritten.size} ${outcome.rewritten.size === 1 ? 'note' : 'notes'}${options.dryRun ? ' (dry run, nothing written)' : ''}\n`
  )
  for (const {from: old, to: now} of outcome.moved) process.stderr.write(`  ${old} → ${now}\n`)
  return EXIT_OK
}
