/**
 * The webPreferences every Sweeplab window starts from (Electron's security checklist): isolated,
 * sandboxed, no Node anywhere, no webviews, no mixed content. Windows add only what they need.
 */
export const LOCKED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const
