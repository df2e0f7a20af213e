/**
 * Scale-out for very large bases: `check --shard K/N --summary-out FILE`
 * parses a deterministic 1/N of the notes (by a hash of the path, so adding a
 * note does not reshuffle the others) and writes their summaries;
 * `merge FILE...` runs the whole-base phase over all shards' summaries and
 * reports exactly what a single `check` would.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError} from '../config/load.js'
import type {NoteSummary} from '../kb/model.js'
import {writeFileSafely} from '../write/atomic-write.js'
import {collectSummaries} from './collect.js'
import {cacheKey, finish, prepare, type LintOptions, type LintResult} from './lint.js'
import type {ScannedFile} from './scan.js'
import {pathKey} from '../kb/paths.js'

const FORMAT = 'kb-lint-shard'

interface ShardFile {
  format: typeof FORMAT
  key: string
  /** The root, relative to the folder the shard was made from. */
  root: string
  shard: {index: number; count: number}
  notes: number
  summaries: NoteSummary[]
}

export class ShardError extends ConfigError {
  override name = 'ShardError'
}

export function parseShard(value: string): {index: number; count: number} {
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = match ? Number(match[1]) : NaN
  const count = match ? Number(match[2]) : NaN
  if (!match || count < 1 || index < 1 || index > count) throw new ShardError(`--shard takes K/N with 1 ≤ K ≤ N, got \`${value}\``)
  return {index, count}
}

export function inShard(relative: string, shard: {index: number; count: number}): boolean {
  const bucket = createHash('sha1').update(pathKey(relative)).digest().readUInt32BE(0) % shard.count
  return bucket === shard.index - 1
}

export async function writeShard(
  options: LintOptions & {shard: {index: number; count: number}; output: string}
): Promise<{parsed: number; total: number}> {
  const prepared = await prepare(options)
  const mine: ScannedFile[] = prepared.scan.notes.filter((note) => inShard(note.relative, options.shard))
  const {summaries} = await collectSummaries(mine, {
    settings: prepared.settings,
    config: prepared.config,
    jobs: options.jobs,
    parser: options.parser,
    onProgress: options.onProgress
  })
  const body: ShardFile = {
    format: FORMAT,
    key: cacheKey(prepared.settings),
    root: path.relative(prepared.cwd, prepared.root) || '.',
    shard: options.shard,
    notes: prepared.scan.notes.length,
    summaries
  }
  await writeFileSafely(path.resolve(prepared.cwd, options.output), JSON.stringify(body))
  return {parsed: summaries.length, total: prepared.scan.notes.length}
}

export async function mergeShards(
  files: string[],
  options: Pick<LintOptions, 'cwd' | 'configFile' | 'config' | 'files'> = {}
): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd()
  const shards = files.map((file) => readShard(path.resolve(cwd, file)))
  const first = shards[0]
  if (!first) throw new ShardError('merge needs at least one shard file')
  const seen = new Set<number>()
  for (const shard of shards) {
    if (shard.key !== first.key || shard.root !== first.root || shard.shard.count !== first.shard.count) {
      throw new ShardError('Shard files come from different runs (kb-lint version, config, root or shard count differ)')
    }
    if (seen.has(shard.shard.index)) throw new ShardError(`Shard ${shard.shard.index}/${shard.shard.count} is given twice`)
    seen.add(shard.shard.index)
  }
  if (seen.size !== first.shard.count) {
    const missing = Array.from({length: first.shard.count}, (_, index) => index + 1).filter((index) => !seen.has(index))
    throw new ShardError(`Missing shard ${missing.map((index) => `${index}/${first.shard.count}`).join(', ')}`)
  }
  const prepared = await prepare({...options, cwd, root: first.root})
  if (cacheKey(prepared.settings) !== first.key) throw new ShardError('The config changed since the shards were made; run them again')
  const byPath = new Map(shards.flatMap((shard) => shard.summaries).map((summary) => [summary.path, summary]))
  const summaries = prepared.scan.notes.map((note) => byPath.get(note.relative))
  const absent = prepared.scan.notes.filter((_, index) => !summaries[index])
  if (absent.length > 0)
    throw new ShardError(`The base changed since the shards were made (${absent[0]!.relative} is in no shard); run them again`)
  return finish(prepared, summaries as NoteSummary[], {cached: 0, parsed: byPath.size, workers: 0, fallbacks: 0}, options.files)
}

function readShard(file: string): ShardFile {
  let data: ShardFile
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as ShardFile
  } catch (error) {
    throw new ShardError(`Cannot read shard ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (!data || data.format !== FORMAT || !Array.isArray(data.summaries)) throw new ShardError(`${file} is not a kb-lint shard file`)
  return data
}
