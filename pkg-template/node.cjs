'use strict';
// Node CommonJS entry (`require('shequ-rules')`).
const wasm = require('./node/shequ_rules.js');

require('./needs.cjs').installNeeds(wasm.Engine);
require('./points.cjs').installPoints(wasm.Engine);
require('./disputes.cjs').installDisputes(wasm.Engine, wasm.maxJsonChars());
require('./satisfaction.cjs').installSatisfaction(wasm.Engine, wasm.maxJsonChars());
const api = require('./guard.cjs').guard(wasm);

module.exports = { __CJS_EXPORTS__ };
