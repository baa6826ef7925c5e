import { createApp } from 'vue';
// Function components of Vant are imported by hand with their styles; the components used in
// templates come in per component through the Vant resolver (vite.config.js).
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import './style.css';
import App from './App.vue';
import { router } from './router.js';
import { start, need } from './engine.js';

createApp(App).use(router).mount('#app');
// After the first paint: the page answers taps while the wasm compiles.
requestAnimationFrame(() => setTimeout(() => router.isReady().then(() => start(router.currentRoute.value.path)), 0));
// A page that needs more than the resident's module shows its skeleton until that arrives.
router.beforeEach((to) => {
  need(to.path);
});

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => navigator.serviceWorker.register('./sw.js').catch(() => {}));
}
