import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the built page also works from a sub-path inside a mini-program
  // web-view or a dashboard.
  base: './',
  // The package instantiates its wasm with top-level await.
  build: { target: 'es2022' },
  // Vite's dependency pre-bundling would move the package's JS away from its .wasm file.
  optimizeDeps: { exclude: ['shequ-rules'] },
});
