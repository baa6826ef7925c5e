// Browser and bundler entry: fetches and compiles the wasm module once, when this module is
// first imported (top-level await), so every export is ready to call synchronously.
import init, { __EXPORTS__ } from './web/shequ_rules.js';

await init({ module_or_path: new URL('./web/shequ_rules_bg.wasm', import.meta.url) });

export { __EXPORTS__ };
