/**
 * A parse worker (piscina): builds its own settings from the loaded config
 * once, then turns batches of notes into summaries with the same `parseNote`
 * as the main thread — which is what makes `--jobs N` results identical to a
 * single-thread run.
 *
 * A batch comes back with the notes' references encoded in one byte buffer
 * (incremental/encoded-summary.ts): cheaper to send than objects, and the main
 * thread keeps them as bytes until the whole-base pass reads them.
 */
import {workerData} from 'node:worker_threads'
import {createSettings} from '../config/settings.js'
import {loadSchemaCompiler, namesSchemas} from '../kb/frontmatter-schema.js'
import type {LoadedConfig} from '../config/types.js'
import type {NoteSummary} from '../kb/model.js'
import {rules} from '../rules/index.js'
import {encodeReferences, withoutReferences} from '../incremental/encoded-summary.js'
import {parseNote, type NoteToParse} from './read-note.js'
import type {ParserName} from '../syntax/fast/index.js'

export interface WorkerTask {
  notes: NoteToParse[]
}

export interface WorkerResult {
  /** The summaries without `references`, in task order. */
  heads: Array<Omit<NoteSummary, 'references'>>
  /** Every note's encoded references, one after another. */
  bytes: Uint8Array
  /** Where each note's bytes end in `bytes` (the next one's start). */
  ends: number[]
  /** Notes of the batch the fast parser handed to the reference. */
  fallbacks: number
}

const {config, withText, parser} = workerData as {config: LoadedConfig; withText: boolean; parser?: ParserName}
// The config's own frontmatter schemas are compiled in this thread too.
if (namesSchemas(config.config)) await loadSchemaCompiler()
const settings = createSettings(config, rules)

export default function parseBatch(task: WorkerTask): WorkerResult {
  const heads: WorkerResult['heads'] = []
  const parts: Buffer[] = []
  const ends: number[] = []
  let end = 0
  let fallbacks = 0
  const choice = {parser, onFallback: () => fallbacks++}
  for (const note of task.notes) {
    const summary = parseNote(note, settings, withText, choice)
    const part = Buffer.from(encodeReferences(summary.references), 'utf8')
    heads.push(withoutReferences(summary))
    parts.push(part)
    end += part.length
    ends.push(end)
  }
  return {heads, bytes: Buffer.concat(parts, end), ends, fallbacks}
}
