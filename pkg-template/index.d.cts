export { __EXPORTS__ } from './node/shequ_rules.js';
export type { __TYPES__ } from './node/shequ_rules.js';
