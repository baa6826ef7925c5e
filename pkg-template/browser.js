// Browser and bundler entry: fetches and compiles the wasm module once, when this module is
// first imported (top-level await), so every export is ready to call synchronously.
import init, * as wasm from './web/shequ_rules.js';
import { installNeeds } from './needs.js';
import { installPoints } from './points.js';
import { installDisputes } from './disputes.js';
import { installSatisfaction } from './satisfaction.js';
import { guard } from './guard.js';

await init({ module_or_path: new URL('./web/shequ_rules_bg.wasm', import.meta.url) });
installNeeds(wasm.Engine);
installPoints(wasm.Engine);
installDisputes(wasm.Engine, wasm.maxJsonChars());
installSatisfaction(wasm.Engine, wasm.maxJsonChars());

export const { __EXPORTS__ } = guard(wasm);
