/** Names of the built-in trainers; kept apart from their code so the engine can validate without loading TF.js. */
export const BUILTIN_TRAINERS = ['noop'] as const
