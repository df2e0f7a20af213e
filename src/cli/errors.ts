/** Errors that end the CLI with exit code 2 and a one-line reason. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const EXIT_OK = 0
export const EXIT_PROBLEMS = 1
export const EXIT_FAILURE = 2
