//! 社区画像 for JavaScript. Its rules (`staffing`, `districtStaffing`, `communityClass`,
//! `meetingDates`) have no export of their own: the package's `guard.js` installs each as
//! an `Engine` method over the one generic entry ([`JsEngine::call_rule`](super::JsEngine));
//! their typings are in `types.d.ts` (`interface Engine`).
