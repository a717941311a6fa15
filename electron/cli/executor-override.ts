import { InvalidArgumentError } from 'commander'
import { parseDocument } from 'yaml'
import { EXECUTOR_TYPES, type ExecutorType } from '../../shared/executor-spec.ts'

/** `--executor local|slurm`. */
export function parseExecutorType(value: string): ExecutorType {
  if (!(EXECUTOR_TYPES as ReadonlyArray<string>).includes(value)) throw new InvalidArgumentError(`expected one of ${EXECUTOR_TYPES.join(', ')}`)
  return value as ExecutorType
}

/**
 * The sweep file's text with `executor.type` set, so the stored spec says where the sweep ran and
 * `resume` runs it there again. Other keys, comments and layout stay; a file that does not parse is
 * returned unchanged for the parser to report with its line numbers.
 */
export function withExecutorType(text: string, type: ExecutorType | undefined): string {
  if (type === undefined) return text
  const doc = parseDocument(text)
  if (doc.errors.length > 0 || !doc.contents) return text
  doc.setIn(['executor', 'type'], type)
  return doc.toString()
}
