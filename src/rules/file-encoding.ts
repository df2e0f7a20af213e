import type {EngineRule} from './types.js'

/** Reported by the engine while decoding (see `engine/decode.ts`). */
export const fileEncoding: EngineRule = {
  scope: 'engine',
  meta: {
    id: 'file-encoding',
    description: 'A note that is not UTF-8 text: binary content, invalid bytes, or another encoding.',
    defaultSeverity: 'error',
    reads: 'note',
    suppressible: false
  }
}
