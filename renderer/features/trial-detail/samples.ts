/** The `samples.json` the language-model trainer writes: generations from prompts of the data. */
export interface SamplesFile {
  temperature: number | null
  topK: number | null
  samples: Array<{ prompt: string; text: string }>
}

export function parseSamples(text: string): SamplesFile {
  const raw: unknown = JSON.parse(text)
  if (typeof raw !== 'object' || raw === null) throw new Error('expected a JSON object with samples')
  const o = raw as Record<string, unknown>
  if (!Array.isArray(o.samples)) throw new Error('samples: expected a list')
  const samples = o.samples.map((s: unknown, i) => {
    const r = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>
    if (typeof r.text !== 'string') throw new Error(`samples[${i}].text: expected a string`)
    return { prompt: typeof r.prompt === 'string' ? r.prompt : '', text: r.text }
  })
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return { temperature: num(o.temperature), topK: num(o.top_k), samples }
}
