import { join } from 'node:path'
import { build, type InlineConfig } from 'vite'
import viteConfig from '../../../electron.vite.config.ts'
import { REPO_ROOT } from './paths.ts'

/**
 * The app's Plotly (renderer/plots/plotly.ts: the same partial bundle) as one ES module, built with
 * the renderer's own Vite `define` and aliases, for a benchmark to draw with outside the app.
 */
export async function buildBarePlotly(): Promise<string> {
  const renderer = (viteConfig as { renderer?: { define?: InlineConfig['define']; resolve?: InlineConfig['resolve'] } }).renderer
  if (!renderer?.define || !renderer.resolve) throw new Error('electron.vite.config.ts has no renderer define/resolve to build the bare Plotly with')
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: REPO_ROOT,
    define: renderer.define,
    resolve: renderer.resolve,
    build: { write: false, minify: true, lib: { entry: join(REPO_ROOT, 'renderer/plots/plotly.ts'), formats: ['es'], fileName: 'plotly' } },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Array<{ output?: Array<{ type: string; fileName: string; code?: string }> }>
  const chunk = outputs.flatMap((o) => o.output ?? []).find((c) => c.type === 'chunk' && c.fileName.endsWith('.js'))
  if (!chunk?.code) throw new Error('building the bare Plotly bundle produced no JavaScript')
  return chunk.code
}
