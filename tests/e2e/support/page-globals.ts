/**
 * The few browser globals that functions passed to `page.evaluate` use. The Node tsconfig that
 * checks tests/ and bench/ has no DOM lib on purpose (it keeps `document` out of engine code), so
 * files that run code in the page declare these locally: `declare const document: PageDocument`.
 */
export interface PageElement {
  dataset: Record<string, string | undefined>
  style: Record<string, string>
  textContent: string | null
  getBoundingClientRect(): { x: number; y: number; width: number; height: number }
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): ArrayLike<PageElement>
  appendChild(child: PageElement): void
  remove(): void
}

/** A Plotly graph div: Plotly keeps the figure it drew on the element. */
export interface PagePlotElement extends PageElement {
  data?: unknown[]
  layout?: Record<string, unknown>
}

export interface PageDocument {
  body: PageElement
  querySelector(selector: string): PageElement | null
  createElement(tag: string): PageElement
}

export interface PageMutationObserver {
  observe(target: PageElement, options: { subtree?: boolean; childList?: boolean; attributes?: boolean; attributeFilter?: string[] }): void
  disconnect(): void
}
export type PageMutationObserverCtor = new (cb: () => void) => PageMutationObserver
