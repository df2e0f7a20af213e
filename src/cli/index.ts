/** `kb-lint index`: the content index (JSON), and `--write` to regenerate index regions. */
import {buildIndex} from '../emit/content-index.js'
import {lint} from '../engine/lint.js'
import {writeIndexRegions} from '../write/write-index.js'
import {engineOptions} from './check.js'
import {requireOutputFolder, requireRootFolder} from './arguments.js'
import {emit} from './output.js'
import {EXIT_OK, EXIT_PROBLEMS} from './errors.js'

export interface IndexCommandOptions {
  outputFile?: string
  config?: string
  text?: boolean
  write?: boolean
  cache?: boolean
  cacheLocation?: string
  jobs?: string
}

export async function runIndex(root: string | undefined, options: IndexCommandOptions): Promise<number> {
  requireRootFolder(root)
  requireOutputFolder(options.outputFile)
  const result = await lint({root, configFile: options.config, withText: options.text, ...engineOptions(options)})
  if (!options.write || options.outputFile) {
    await emit(JSON.stringify(buildIndex(result, {withText: options.text}), null, 2), options.outputFile)
  }
  if (!options.write) return EXIT_OK

  const outcome = await writeIndexRegions(result)
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  process.stderr.write(`kb-lint: updated ${plural(outcome.regions, 'index region')} in ${plural(outcome.written.length, 'file')}\n`)
  for (const file of outcome.written) process.stderr.write(`  ${file}\n`)
  for (const file of outcome.changed)
    process.stderr.write(`kb-lint: ${file} changed, or was renamed or removed, while indexing; left alone, run again\n`)
  for (const {path, place, problem} of outcome.problems) {
    process.stderr.write(`kb-lint: ${path}:${place.start.line}:${place.start.column}: ${problem}\n`)
  }
  return outcome.problems.length > 0 || outcome.changed.length > 0 ? EXIT_PROBLEMS : EXIT_OK
}
