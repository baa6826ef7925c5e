// Node ES-module entry: the same module as browsers use, instantiated synchronously from the
// packaged .wasm file.
import { readFileSync } from 'node:fs';
import * as wasm from './web/shequ_rules.js';
import { installNeeds } from './needs.js';
import { installPoints } from './points.js';
import { installDisputes } from './disputes.js';
import { installSatisfaction } from './satisfaction.js';
import { guard } from './guard.js';

wasm.initSync({ module: readFileSync(new URL('./web/shequ_rules_bg.wasm', import.meta.url)) });
installNeeds(wasm.Engine);
installPoints(wasm.Engine);
installDisputes(wasm.Engine, wasm.maxJsonChars());
installSatisfaction(wasm.Engine, wasm.maxJsonChars());

export const { __EXPORTS__ } = guard(wasm);
