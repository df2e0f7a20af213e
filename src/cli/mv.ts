/** `kb-lint mv OLD NEW`: move a note or folder and rewrite every link to it; `--continue` / `--abort` after an interruption. */
import {abortMove, continueMove, moveInBase, MoveError, type MoveOutcome} from '../write/move.js'
import {UsageError, EXIT_OK} from './errors.js'
import {writeStdout} from './output.js'

export interface MoveCommandOptions {
  root?: string
  config?: string
  dryRun?: boolean
  continue?: boolean
  abort?: boolean
}

export async function runMove(from: string | undefined, to: string | undefined, options: MoveCommandOptions): Promise<number> {
  const recovery = options.continue || options.abort
  if (options.continue && options.abort) throw new UsageError('Give --continue or --abort, not both')
  if (recovery && (from !== undefined || options.dryRun))
    throw new UsageError(`--${options.continue ? 'continue' : 'abort'} takes no paths and no --dry-run`)
  if (!recovery && (from === undefined || to === undefined))
    throw new UsageError('mv needs OLD and NEW: kb-lint mv OLD NEW (or --continue / --abort)')
  let outcome: MoveOutcome
  try {
    if (options.abort) {
      const aborted = await abortMove(options.root ?? '.')
      process.stderr.write(
        `kb-lint: undid the interrupted move of ${aborted.journal.from} → ${aborted.journal.to}; the base is as it was before it\n`
      )
      if (aborted.edited.length > 0) process.stderr.write(`  restored, though edited since: ${aborted.edited.join(', ')}\n`)
      return EXIT_OK
    }
    outcome = options.continue
      ? await continueMove(options.root ?? '.')
      : await moveInBase({root: options.root, configFile: options.config, from: from!, to: to!, dryRun: options.dryRun})
  } catch (error) {
    if (error instanceof MoveError) throw new UsageError(error.message)
    throw error
  }
  const links = [...outcome.rewritten.values()].reduce((sum, count) => sum + count, 0)
  const files = outcome.moved.length
  const dry = options.dryRun === true
  if (dry) await writeStdout(outcome.diff)
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  process.stderr.write(
    `kb-lint: ${dry ? 'would move' : 'moved'} ${plural(files, 'file')} and ${dry ? 'would rewrite' : 'rewrote'} ${plural(links, 'link')} in ${plural(outcome.rewritten.size, 'note')}` +
      (outcome.regions > 0 ? ` and ${plural(outcome.regions, 'index region')}` : '') +
      `${dry ? ' (dry run, nothing written)' : ''}\n`
  )
  for (const {from: old, to: now} of outcome.moved) process.stderr.write(`  ${old} → ${now}\n`)
  if (outcome.brokenFollowed > 0) {
    process.stderr.write(
      `  ${plural(outcome.brokenFollowed, 'link')} into the moved folder ${outcome.brokenFollowed === 1 ? 'was' : 'were'} already broken; ${dry ? 'they would now point' : 'they now point'} into its new place (still broken)\n`
    )
  }
  if (outcome.skipped.length > 0) {
    process.stderr.write(`  skipped (changed or removed while kb-lint ran; check them): ${outcome.skipped.join(', ')}\n`)
  }
  return EXIT_OK
}
