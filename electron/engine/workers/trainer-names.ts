/** Names of the built-in trainers; kept apart from their code so the engine can validate without loading TF.js. */
export const BUILTIN_TRAINERS = ['noop', 'tabular', 'text-classifier', 'language-model', 'finetune'] as const

/** Built-in trainers that train on a `dataset:` (all but the benchmark's no-op). */
export const DATA_TRAINERS: ReadonlyArray<string> = BUILTIN_TRAINERS.filter((t) => t !== 'noop')
