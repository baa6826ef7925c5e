'use strict';
// Node CommonJS entry (`require('shequ-rules')`).
const wasm = require('./node/shequ_rules.js');

module.exports = { __CJS_EXPORTS__ };
