// Node ES-module entry: the same module as browsers use, instantiated synchronously from the
// packaged .wasm file.
import { readFileSync } from 'node:fs';
import { initSync, __EXPORTS__ } from './web/shequ_rules.js';
import { installNeeds } from './needs.js';

initSync({ module: readFileSync(new URL('./web/shequ_rules_bg.wasm', import.meta.url)) });
installNeeds(Engine);

export { __EXPORTS__ };
