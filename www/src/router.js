// Pages in the URL (hash history: works from a sub-path inside a mini-program web-view and
// from a static server), so back and reload return to the page.
import { createRouter, createWebHashHistory } from 'vue-router';

export const routes = [
  { path: '/', redirect: '/report' },
  { path: '/report', component: () => import('./pages/Report.vue'), meta: { title: '诉求上报', face: 'resident' } },
  { path: '/mine', component: () => import('./pages/Mine.vue'), meta: { title: '我的诉求', face: 'resident' } },
  { path: '/points', component: () => import('./pages/Points.vue'), meta: { title: '积分银行', face: 'resident' } },
  { path: '/survey', component: () => import('./pages/Survey.vue'), meta: { title: '满意度测评', face: 'resident' } },
  { path: '/work', component: () => import('./pages/Workbench.vue'), meta: { title: '工作台', face: 'worker' } },
  { path: '/work/triage', component: () => import('./pages/Triage.vue'), meta: { title: '诉求分拣', face: 'worker', back: '/work' } },
  { path: '/work/received', component: () => import('./pages/Received.vue'), meta: { title: '收到的诉求', face: 'worker', back: '/work' } },
  { path: '/work/profile/:tab?', component: () => import('./pages/Profile.vue'), meta: { title: '社区档案', face: 'worker', back: '/work' } },
  { path: '/work/rulebook', component: () => import('./pages/Rulebook.vue'), meta: { title: '规则库', face: 'worker', back: '/work' } },
  { path: '/work/points', component: () => import('./pages/PointsWork.vue'), meta: { title: '积分记账', face: 'worker', back: '/work' } },
  { path: '/work/disputes/:tab?', component: () => import('./pages/Disputes.vue'), meta: { title: '矛盾预警', face: 'worker', back: '/work' } },
  { path: '/work/survey', component: () => import('./pages/SurveyWork.vue'), meta: { title: '满意度统计', face: 'worker', back: '/work' } },
  { path: '/work/data', component: () => import('./pages/Data.vue'), meta: { title: '数据备份', face: 'worker', back: '/work' } },
  { path: '/:rest(.*)*', redirect: '/report' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} · 社区治理规则`;
});
