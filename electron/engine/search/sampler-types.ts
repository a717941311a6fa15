/** One trial's draw: its params (nested like the spec's parameters) and its own seed. */
export interface TrialSample {
  params: Record<string, unknown>
  seed: number
  /** Draws rejected by the sweep's constraints before this one (random and bayes; grids skip up front). */
  skipped?: number
}

/**
 * A search sequence. `sample(i)` is a pure function of (spec, sweep seed, i) — for bayes also of the
 * trial history it reads — so after a crash the engine resumes at its next index and gets the very
 * trials it would have had (bayes: given the same stored trials).
 */
export interface Sampler {
  /** Trials in the sequence, or null when unbounded (random search without run_cap). */
  readonly total: number | null
  sample(index: number): TrialSample
}
