import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { precompress, offline } from './build/offline.js';

export default defineConfig({
  // Relative asset URLs, so the built page also works from a sub-path inside a mini-program
  // web-view or a dashboard.
  base: './',
  plugins: [
    vue(),
    // Vant per component: only the components the templates use ship, with their styles.
    Components({ resolvers: [VantResolver()], dts: false }),
    offline(),
    precompress(),
  ],
  // The package instantiates its wasm with top-level await.
  build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
  worker: { format: 'es' },
  // Vite's dependency pre-bundling would move the package's JS away from its .wasm file.
  optimizeDeps: { exclude: ['shequ-rules'] },
});
