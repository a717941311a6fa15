// CSS imports and import.meta.env, as Vite provides them to the renderer.
/// <reference types="vite/client" />
