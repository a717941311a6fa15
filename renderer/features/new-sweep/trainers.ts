/**
 * The built-in trainers (docs/trainers.md). The engine's list (electron/engine/workers/trainer-names.ts)
 * is the authority; a name not listed here still shows, and the engine says if it is unknown.
 */
export const TRAINERS: readonly { name: string; hint: string; usesDataset: boolean }[] = [
  { name: 'text-classifier', hint: 'bag-of-words or transformer text classifier', usesDataset: true },
  { name: 'language-model', hint: 'small decoder-only transformer, next-token prediction', usesDataset: true },
  { name: 'tabular', hint: 'MLP on CSV columns (classification or regression)', usesDataset: true },
  { name: 'finetune', hint: 'classifier head on a saved language model', usesDataset: true },
  { name: 'noop', hint: 'the engine benchmark: trains nothing', usesDataset: false },
]

export function trainerUsesDataset(name: string): boolean {
  return TRAINERS.find((t) => t.name === name)?.usesDataset ?? true
}
