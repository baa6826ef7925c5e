export { __EXPORTS__ } from './web/shequ_rules.js';
export type { __TYPES__ } from './web/shequ_rules.js';
