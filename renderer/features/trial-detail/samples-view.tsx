import type { SamplesFile } from './samples.ts'

/** Language-model generations: the prompt (from the data) muted, the model's continuation after it. */
export function SamplesView({ file }: { file: SamplesFile }) {
  if (file.samples.length === 0) return <p className="muted">The trial saved no samples (set <code>samples</code> above 0 to get some).</p>
  const settings = [file.temperature !== null ? `temperature ${file.temperature}` : null, file.topK !== null ? `top-k ${file.topK}` : null].filter(Boolean)
  return (
    <div className="samples">
      {settings.length > 0 && <p className="muted samples-caption">Sampled with {settings.join(', ')}</p>}
      <ol className="samples-list">
        {file.samples.map((s, i) => (
          <li key={i} className="sample">
            <span className="sample-prompt" title="prompt, taken from the data">{s.prompt}</span>
            <span className="sample-text">{s.text}</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
