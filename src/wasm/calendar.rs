//! The working-day calendar for JavaScript. Its rules (`isWorkingDay`, `addWorkingDays`,
//! `workingDaysBetween`, `addWorkingHours`) have no export of their own: the package's
//! `guard.js` installs each as an `Engine` method over the one generic entry
//! ([`JsEngine::call_rule`](super::JsEngine)), the second argument crossing as the rule's
//! options; their typings are in `types.d.ts` (`interface Engine`).
