import { safeNext, type AppContext, type SignOutReason } from './app-context';
import { renderHeader, markCurrent } from './components/header';
import { idleNotice } from './components/idle-notice';
import { api, whenServerSeen, whenSessionEnds } from './core/api';
import { IdleTimer } from './core/idle';
import { attachLiveRegion } from './core/live';
import { focusHeading, Router, type Rendered, type Route, type RouteContext } from './core/router';
import { session } from './core/session';
import type { Role } from './core/types';
import { accountView } from './views/account';
import { adminStaffView } from './views/admin-staff';
import { adminClinicsView } from './views/admin-clinics';
import { auditView } from './views/audit';
import { enrollView } from './views/enroll';
import { inboxView } from './views/inbox';
import { signInView } from './views/signin';
import { failureView, forbiddenView, loadingView, notFoundView } from './views/simple';
import { submissionView } from './views/submission';

const APP_TITLE = 'Palisade staff portal';

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page shell lacks #${id}`);
  return el;
}

const main = byId('main');
const header = byId('site-header');
attachLiveRegion(byId('live'));

let router: Router;
let lastServerTime: number | null = null;
let signingOut = false;

const notice = idleNotice(byId('idle-notice'), () => {
  // Any answered call restarts the server's idle clock; /api/me is the cheapest.
  void api('GET', '/api/me').catch(() => undefined);
});

const idle = new IdleTimer({
  warn: (kind) => notice.show(kind),
  clearWarning: () => notice.clear(),
  expire: (kind, minutes) => void app.signOut(kind === 'idle' ? 'idle' : 'absolute', minutes),
});

whenServerSeen((serverTime) => {
  lastServerTime = serverTime;
  idle.activity();
});
whenSessionEnds(() => {
  if (session.signedIn) void app.signOut('ended');
});

const app: AppContext = {
  session,
  navigate: (to, opts) => router.navigate(to, opts),
  async completeSignIn(next) {
    const me = await session.load();
    if (!me || me.stage !== 'mfa') throw new Error('sign-in did not complete');
    idle.start(me, lastServerTime);
    renderHeader(header, session, () => void app.signOut('signed-out'));
    // Back to the page that asked for sign-in, if this person may open it; else their start page.
    const target = safeNext(next);
    router.navigate(target && mayOpen(target) ? target : session.home, { replace: true });
  },
  /**
   * Ends the session on the server, then wipes what this page shows and loads
   * the sign-in page fresh, replacing the current history entry. Going back
   * cannot show data: the DOM is emptied first, the document is never kept for
   * back/forward (no-store, plus the pageshow check below), and every page asks
   * the server again.
   */
  async signOut(reason: SignOutReason, minutes?: number) {
    if (signingOut) return;
    signingOut = true;
    idle.stop();
    if (reason !== 'ended') await api('POST', '/api/auth/logout', undefined, { expectUnauthorized: true }).catch(() => undefined);
    session.clear();
    main.replaceChildren();
    header.replaceChildren();
    const params = new URLSearchParams();
    if (reason !== 'restart') params.set('reason', reason);
    if (reason === 'idle' && minutes) params.set('minutes', String(minutes));
    const qs = params.toString();
    location.replace(`/signin${qs ? `?${qs}` : ''}`);
  },
  showStep(step: Rendered) {
    main.replaceChildren(step.node);
    document.title = `${step.title} · ${APP_TITLE}`;
    focusHeading(main);
  },
};

type View = (app: AppContext, ctx: RouteContext) => Rendered | Promise<Rendered>;

/** Pages for signed-in staff: anyone else goes to sign-in (and comes back after). */
function signedIn(view: View, roles?: readonly Role[]): Route['render'] {
  return (ctx) => {
    if (!session.signedIn) {
      router.navigate(`/signin?next=${encodeURIComponent(ctx.path + location.search)}`, { replace: true });
      return loadingView();
    }
    if (roles && !roles.some((r) => session.has(r))) return forbiddenView();
    return view(app, ctx);
  };
}

function signedOutOnly(view: View): Route['render'] {
  return (ctx) => {
    if (session.signedIn) {
      router.navigate(session.home, { replace: true });
      return loadingView();
    }
    return view(app, ctx);
  };
}

const CLINICAL: readonly Role[] = ['clinician', 'front-desk'];
const PAGES: readonly { path: string; view: View; roles?: readonly Role[] }[] = [
  { path: '/inbox', view: inboxView, roles: CLINICAL },
  { path: '/submissions/:id', view: submissionView, roles: CLINICAL },
  { path: '/audit', view: auditView, roles: ['auditor'] },
  { path: '/admin/staff', view: adminStaffView, roles: ['admin'] },
  { path: '/admin/clinics', view: adminClinicsView, roles: ['admin'] },
  { path: '/account', view: accountView },
];

function mayOpen(target: string): boolean {
  const pathname = new URL(target, location.origin).pathname;
  const page = PAGES.find((p) => new RegExp(`^${p.path.replace(/:[a-zA-Z]+/g, '[^/]+')}/?$`).test(pathname));
  return Boolean(page && (!page.roles || page.roles.some((r) => session.has(r))));
}

const routes: Route[] = [
  { path: '/signin', render: signedOutOnly(signInView) },
  { path: '/enroll', render: signedOutOnly(enrollView) },
  { path: '/', render: signedIn(() => (router.navigate(session.home, { replace: true }), loadingView())) },
  ...PAGES.map((p) => ({ path: p.path, render: signedIn(p.view, p.roles) })),
];

// A page restored from the back/forward cache may hold data from before a
// sign-out; never show it, ask the server again.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

async function boot(): Promise<void> {
  router = new Router(routes, main, { path: '*', render: notFoundView }, APP_TITLE, () => failureView('This page could not be shown. Reload the page to try again; if it keeps happening, tell your administrator.'));
  const originalRender = router.render.bind(router);
  router.render = async () => {
    await originalRender();
    markCurrent(header);
  };
  try {
    const me = await session.load();
    if (me?.stage === 'password') {
      // A sign-in left half-way (password only): start it again cleanly.
      await api('POST', '/api/auth/logout', undefined, { expectUnauthorized: true }).catch(() => undefined);
      session.clear();
      if (location.pathname !== '/enroll') history.replaceState(null, '', '/signin?reason=unfinished');
    } else if (me) {
      idle.start(me, lastServerTime);
    }
  } catch (err) {
    renderHeader(header, session, () => undefined);
    const failed = failureView(err instanceof Error && 'status' in err ? err.message : 'The portal could not be loaded. Reload the page to try again.');
    app.showStep(failed);
    return;
  }
  renderHeader(header, session, () => void app.signOut('signed-out'));
  router.start();
}

void boot();
