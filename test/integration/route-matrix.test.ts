import request from 'supertest';
import { grantOf, type Action, type Role } from '../../src/policy';
import { useTestApp } from '../support/app';
import { ACTORS, buildWorld, LAST_MONDAY, MONTH, useDataDir, THIS_MONDAY, YEAR, type Actor, type World } from '../support/hardening-world';
import { fingerprint } from '../support/hostile';
import { listRoutes } from '../support/route-list';
import { resetNow } from '../support/sessions-factories';

/*
 * Who may reach what (DESIGN §2), for every route the app registers. Outcomes:
 *   ok     allowed: 2xx, or a redirect that is not to /login; for a write, anything but
 *          401/403/404 (a 409 or 422 for the minimal body is still "allowed")
 *   login  a redirect to /login (pages, anonymous)
 *   401    the API without a token
 *   403    signed in, but the role may not
 *   404    another OPD's data, which must not be confirmed to exist
 * A refused write must also leave the database exactly as it was.
 * Columns: anonymous, opd user of unit A, opd user of unit B, sekda, hr, admin. Parameters are
 * unit A's: its code, this week's pledge date, a person of unit A, and so on.
 * A route the app registers that is missing here fails the test: add it with its outcomes.
 */
type Outcome = 'ok' | 'login' | '401' | '403' | '404';
type Url = (w: World, actor: Actor) => string;

interface Row {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  expect: Record<Actor, Outcome>;
  /** What the route lets do (src/policy/rules.ts); 'public' for anyone, 'signedIn' for anyone signed in. */
  action: Action | 'public' | 'signedIn';
  /** The route is about unit A (its code, its session, its person): unit B's opd user gets a 404. */
  unit?: boolean;
  /** Outcomes the table does not give, each with a comment saying why. */
  except?: Partial<Record<Actor, Outcome>>;
  url?: Url;
  /** Multipart form (the upload routes check CSRF after reading it). */
  multipart?: boolean;
}

const row = (method: Row['method'], path: string, outcomes: string, action: Row['action'], extra: Partial<Row> = {}): Row => {
  const cells = outcomes.trim().split(/\s+/) as Outcome[];
  if (cells.length !== ACTORS.length) throw new Error(`${method} ${path}: ${cells.length} outcomes`);
  return { method, path, expect: Object.fromEntries(ACTORS.map((a, i) => [a, cells[i]])) as Record<Actor, Outcome>, action, ...extra };
};

const ROLE_OF: Record<Exclude<Actor, 'anon'>, Role> = { opdA: 'opd', opdB: 'opd', sekda: 'sekda', hr: 'hr', admin: 'admin' };

/**
 * The outcome the policy table gives: a role without the action 403; one with it over every
 * unit ok; one with it over its own unit ok on unit A's routes for unit A's user, 404 for unit
 * B's (and ok on routes without a unit, whose lists it narrows to its own unit).
 */
function derived(r: Row, actor: Actor): Outcome {
  const exception = r.except?.[actor];
  if (exception) return exception;
  if (r.action === 'public') return 'ok';
  if (actor === 'anon') return r.path.startsWith('/api/') ? '401' : 'login';
  if (r.action === 'signedIn') return 'ok';
  const grant = grantOf(ROLE_OF[actor], r.action);
  if (grant === null) return '403';
  return grant === 'own' && r.unit && actor !== 'opdA' ? '404' : 'ok';
}

/** The per-actor row for routes that use a row up (delete, commit) or belong to one user. */
const own = (pick: (w: World) => Partial<Record<Actor, number>>, fallback: Actor, fmt: (id: number, w: World) => string): Url => (w, a) =>
  fmt(pick(w)[a] ?? pick(w)[fallback] ?? 0, w);

/** Signing out succeeds by sending everyone to /login. */
const SIGNED_OUT: Row['except'] = { opdA: 'login', opdB: 'login', sekda: 'login', hr: 'login', admin: 'login' };

const A = (w: World) => w.unitA.code;
const nip = (w: World) => w.peopleA[0].nip;

// prettier-ignore
const MATRIX: Row[] = [
  //                                                         anon   opdA  opdB  sekda hr   admin
  row('GET',  '/api/v1/openapi.json',                        'ok    ok    ok    ok    ok   ok', 'public'),
  row('GET',  '/api/v1/opds',                                '401   ok    ok    ok    ok   ok', 'opds.read'),
  row('GET',  '/api/v1/employees',                           '401   ok    404   ok    ok   ok', 'employees.read', { unit: true, url: (w) => `/api/v1/employees?opd=${A(w)}` }),
  row('GET',  '/api/v1/compliance',                          '401   ok    404   ok    ok   ok', 'dashboard.read', { unit: true, url: (w) => `/api/v1/compliance?opd=${A(w)}&week=${LAST_MONDAY}` }),
  row('GET',  '/api/v1/reports/monthly',                     '401   ok    404   ok    ok   ok', 'reports.read', { unit: true, url: (w) => `/api/v1/reports/monthly?opd=${A(w)}&month=${MONTH}` }),
  row('GET',  '/api/v1/opds/:code/sessions/:date',           '401   ok    404   ok    ok   ok', 'session.read', { unit: true }),
  row('PUT',  '/api/v1/opds/:code/sessions/:date',           '401   ok    404   403   ok   ok', 'session.edit', { unit: true }),

  row('GET',  '/healthz',                                    'ok    ok    ok    ok    ok   ok', 'public'),
  row('GET',  '/login',                                      'ok    ok    ok    ok    ok   ok', 'public'),
  row('POST', '/login',                                      'ok    ok    ok    ok    ok   ok', 'public'),
  row('GET',  '/',                                           'login ok    ok    ok    ok   ok', 'signedIn'),

  row('GET',  '/opds',                                       'login ok    ok    ok    ok   ok', 'opds.read'),
  row('GET',  '/opds/new',                                   'login 403   403   403   ok   ok', 'opds.edit'),
  row('POST', '/opds',                                       'login 403   403   403   ok   ok', 'opds.edit'),
  row('GET',  '/opds/:code',                                 'login ok    404   ok    ok   ok', 'opds.read', { unit: true }),
  row('GET',  '/opds/:code/edit',                            'login 403   403   403   ok   ok', 'opds.edit'),
  row('POST', '/opds/:code',                                 'login 403   403   403   ok   ok', 'opds.edit'),
  row('POST', '/opds/:code/deactivate',                      'login 403   403   403   ok   ok', 'opds.edit'),
  row('POST', '/opds/:code/reactivate',                      'login 403   403   403   ok   ok', 'opds.edit'),

  row('GET',  '/employees/import',                           'login 403   403   403   ok   ok', 'imports.run'),
  row('POST', '/employees/import',                           'login 403   403   403   ok   ok', 'imports.run', { multipart: true }),
  row('GET',  '/employees/import/:id',                       'login 403   403   403   ok   ok', 'imports.run', { url: own((w) => w.employeeImportIds, 'hr', (id) => `/employees/import/${id}`) }),
  row('POST', '/employees/import/:id/commit',                'login 403   403   403   ok   ok', 'imports.run', { url: own((w) => w.employeeImportIds, 'hr', (id) => `/employees/import/${id}/commit`) }),
  row('GET',  '/employees',                                  'login ok    ok    ok    ok   ok', 'employees.read'),
  row('GET',  '/employees/new',                              'login 403   403   403   ok   ok', 'employees.edit'),
  row('POST', '/employees',                                  'login 403   403   403   ok   ok', 'employees.edit'),
  row('GET',  '/employees/:nip',                             'login ok    404   ok    ok   ok', 'employees.read', { unit: true }),
  row('GET',  '/employees/:nip/edit',                        'login 403   403   403   ok   ok', 'employees.edit'),
  row('POST', '/employees/:nip',                             'login 403   403   403   ok   ok', 'employees.edit'),
  row('GET',  '/employees/:nip/transfer',                    'login 403   403   403   ok   ok', 'employees.edit'),
  row('POST', '/employees/:nip/transfer',                    'login 403   403   403   ok   ok', 'employees.edit'),
  row('GET',  '/employees/:nip/deactivate',                  'login 403   403   403   ok   ok', 'employees.edit'),
  row('POST', '/employees/:nip/deactivate',                  'login 403   403   403   ok   ok', 'employees.edit'),
  row('POST', '/employees/:nip/reactivate',                  'login 403   403   403   ok   ok', 'employees.edit'),
  row('GET',  '/employees/:nip/history.csv',                 'login ok    404   ok    ok   ok', 'reports.read', { unit: true, url: (w) => `/employees/${nip(w)}/history.csv?year=${YEAR}` }),

  row('GET',  '/audit',                                      'login ok    ok    ok    ok   ok', 'audit.read'),

  row('GET',  '/admin/users',                                'login 403   403   403   403  ok', 'users.manage'),
  row('GET',  '/admin/users/new',                            'login 403   403   403   403  ok', 'users.manage'),
  row('POST', '/admin/users',                                'login 403   403   403   403  ok', 'users.manage'),
  row('GET',  '/admin/users/:id',                            'login 403   403   403   403  ok', 'users.manage', { url: (w) => `/admin/users/${w.victimUserId}` }),
  row('POST', '/admin/users/:id',                            'login 403   403   403   403  ok', 'users.manage', { url: (w) => `/admin/users/${w.victimUserId}` }),
  row('POST', '/admin/users/:id/disable',                    'login 403   403   403   403  ok', 'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/disable` }),
  row('POST', '/admin/users/:id/enable',                     'login 403   403   403   403  ok', 'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/enable` }),
  row('POST', '/admin/users/:id/reset-password',             'login 403   403   403   403  ok', 'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/reset-password` }),
  row('GET',  '/admin/tokens',                               'login 403   403   403   403  ok', 'tokens.manage'),
  row('POST', '/admin/tokens',                               'login 403   403   403   403  ok', 'tokens.manage'),
  row('POST', '/admin/tokens/:id/revoke',                    'login 403   403   403   403  ok', 'tokens.manage', { url: (w) => `/admin/tokens/${w.victimTokenId}/revoke` }),
  row('GET',  '/admin/jobs',                                 'login 403   403   403   403  ok', 'jobs.read'),

  row('GET',  '/dashboard',                                  'login ok    ok    ok    ok   ok', 'dashboard.read'),
  row('GET',  '/opd/:code',                                  'login ok    404   ok    ok   ok', 'dashboard.read', { unit: true }),
  row('GET',  '/reports/monthly',                            'login ok    404   ok    ok   ok', 'reports.read', { unit: true, url: (w) => `/reports/monthly?month=${MONTH}&opd=${A(w)}` }),

  row('GET',  '/opd/:code/sessions/:date',                   'login ok    404   ok    ok   ok', 'session.read', { unit: true }),
  row('POST', '/opd/:code/sessions/:date',                   'login ok    404   403   ok   ok', 'session.edit', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/photo',             'login ok    404   ok    ok   ok', 'session.read', { unit: true, url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/photo` }),
  row('POST', '/opd/:code/sessions/:date/reason',            'login 403   403   403   ok   ok', 'session.judgeReason'),
  row('GET',  '/opd/:code/sessions/:date/import',            'login ok    404   403   ok   ok', 'session.edit', { unit: true }),
  row('POST', '/opd/:code/sessions/:date/import',            'login ok    404   403   ok   ok', 'session.edit', { unit: true, multipart: true }),
  row('POST', '/opd/:code/sessions/:date/corrections',       'login ok    404   403   403  403', 'correction.request', { unit: true, url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/corrections` }),
  row('GET',  '/corrections',                                'login 403   403   403   ok   ok', 'correction.decide'),
  row('GET',  '/corrections/:id',                            'login 403   403   403   ok   ok', 'correction.decide', { url: (w) => `/corrections/${w.correctionId}` }),
  row('POST', '/corrections/:id/approve',                    'login 403   403   403   ok   ok', 'correction.decide', { url: (w) => `/corrections/${w.correctionId}/approve` }),
  row('POST', '/corrections/:id/reject',                     'login 403   403   403   ok   ok', 'correction.decide', { url: (w) => `/corrections/${w.correctionId}/reject` }),

  row('GET',  '/settings',                                   'login ok    ok    ok    ok   ok', 'settings.read'),
  row('POST', '/settings',                                   'login 403   403   403   ok   ok', 'settings.edit'),

  row('GET',  '/flags',                                      'login ok    ok    ok    ok   ok', 'flags.read'),
  row('GET',  '/flags/:nip/:year',                           'login ok    404   ok    ok   ok', 'flags.read', { unit: true }),
  row('POST', '/flags/:nip/:year/follow-ups',                'login 403   403   403   ok   ok', 'flags.followUp'),
  row('POST', '/flags/:nip/:year/excuse',                    'login 403   403   403   ok   ok', 'flags.followUp'),
  row('GET',  '/flags/:nip/:year/letter',                    'login ok    404   ok    ok   ok', 'flags.read', { unit: true }),

  row('GET',  '/holidays',                                   'login ok    ok    ok    ok   ok', 'holidays.read'),
  row('GET',  '/holidays/new',                               'login 403   403   403   ok   ok', 'holidays.edit'),
  row('POST', '/holidays',                                   'login 403   403   403   ok   ok', 'holidays.edit'),
  row('POST', '/holidays/prefill',                           'login 403   403   403   ok   ok', 'holidays.edit'),
  row('POST', '/holidays/official',                          'login 403   403   403   ok   ok', 'holidays.edit'),
  row('GET',  '/holidays/:id/edit',                          'login 403   403   403   ok   ok', 'holidays.edit', { url: (w) => `/holidays/${w.holidayEditId}/edit` }),
  row('POST', '/holidays/:id',                               'login 403   403   403   ok   ok', 'holidays.edit', { url: (w) => `/holidays/${w.holidayEditId}` }),
  row('POST', '/holidays/:id/delete',                        'login 403   403   403   ok   ok', 'holidays.edit', { url: own((w) => w.holidayIds, 'hr', (id) => `/holidays/${id}/delete`) }),

  row('GET',  '/absences',                                   'login ok    ok    ok    ok   ok', 'absences.read'),
  row('GET',  '/absences/new',                               'login ok    ok    403   ok   ok', 'absences.edit'),
  row('POST', '/absences',                                   'login ok    ok    403   ok   ok', 'absences.edit'),
  row('POST', '/absences/:id/cancel',                        'login ok    404   403   ok   ok', 'absences.edit', { unit: true, url: (w) => `/absences/${w.absenceId}/cancel` }),
  row('GET',  '/absences/import',                            'login ok    ok    403   ok   ok', 'absences.edit'),
  row('POST', '/absences/import',                            'login ok    ok    403   ok   ok', 'absences.edit', { multipart: true }),
  // opd user B tries unit A's import: 404.
  row('POST', '/absences/import/:id/commit',                 'login ok    404   403   ok   ok', 'absences.edit', { unit: true, url: own((w) => w.absenceImportIds, 'opdA', (id) => `/absences/import/${id}/commit`) }),

  row('GET',  '/account',                                    'login ok    ok    ok    ok   ok', 'account.use'),
  row('POST', '/account/password',                           'login ok    ok    ok    ok   ok', 'account.use'),
  row('POST', '/account/language',                           'login ok    ok    ok    ok   ok', 'account.use'),
  row('GET',  '/notifications',                              'login ok    ok    ok    ok   ok', 'account.use'),
  row('POST', '/notifications/read-all',                     'login ok    ok    ok    ok   ok', 'account.use'),
  // opd user B tries opd user A's notice: 404. A notice belongs to one user, not to a unit.
  row('POST', '/notifications/:id/read',                     'login ok    404   ok    ok   ok', 'account.use', { except: { opdB: '404' }, url: (w, a) => `/notifications/${w.notificationIds[a === 'opdB' ? 'opdA' : a]}/read` }),

  // Last: signing out ends every session of the user. Its success is the redirect to /login.
  row('POST', '/logout',                                     'login login login login login login', 'account.use', { except: SIGNED_OUT }),
];

/** Unit A's values for the path parameters a row does not fill itself. */
function fill(path: string, w: World): string {
  const out = path
    .replace(':code', A(w))
    .replace(':date', THIS_MONDAY)
    .replace(':nip', nip(w))
    .replace(':year', String(YEAR));
  if (out.includes(':')) throw new Error(`${path}: no value for a parameter; give the row a url`);
  return out;
}

function outcomeOf(method: string, res: request.Response): string {
  const status = res.status;
  if (status === 401 || status === 403 || status === 404) return String(status);
  if (status >= 300 && status < 400) return /^\/login(\?|$)/.test(res.headers.location ?? '') ? 'login' : 'ok';
  if (status < 300) return 'ok';
  // A write refused for its (minimal) content was still let through by the guards.
  if (method !== 'GET' && status < 500) return 'ok';
  return `status ${status}`;
}

describe('route matrix: every route, every role', () => {
  const dataDir = useDataDir('matrix');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, dataDir, 'RM');
  });
  afterAll(() => resetNow());

  function send(r: Row, actor: Actor, url: string) {
    if (r.path.startsWith('/api/')) {
      const auth = actor === 'anon' ? {} : { Authorization: `Bearer ${w.tokens[actor]}` };
      const req = request(ctx.app)[r.method === 'PUT' ? 'put' : 'get'](url).set(auth);
      return r.method === 'PUT' ? req.set('If-Match', '*').send({ held: true }) : req;
    }
    const agent = w.agents[actor];
    if (r.method === 'GET') return agent.get(url);
    if (r.multipart) return agent.post(url).field('_csrf', agent.csrf);
    return agent.post(url).type('form').send({ _csrf: agent.csrf });
  }

  it('derives from the policy table the outcomes written by hand', () => {
    const differ = MATRIX.filter((r) => ACTORS.some((a) => derived(r, a) !== r.expect[a])).map(
      (r) => `${r.method} ${r.path}: ${ACTORS.map((a) => derived(r, a)).join(' ')}`,
    );
    expect(differ).toEqual([]);
  });

  it('has a row for every route the app registers, and no row for a route it does not', () => {
    const registered = listRoutes(ctx.app).map((r) => `${r.method} ${r.path}`);
    const listed = MATRIX.map((r) => `${r.method} ${r.path}`);
    expect(registered.length).toBeGreaterThan(80);
    expect({ missingFromMatrix: registered.filter((k) => !listed.includes(k)) }).toEqual({ missingFromMatrix: [] });
    expect({ notRegistered: listed.filter((k) => !registered.includes(k)) }).toEqual({ notRegistered: [] });
    expect(new Set(listed).size).toBe(listed.length);
  });

  it.each(MATRIX.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, r) => {
    const actual: Record<string, string> = {};
    for (const actor of ACTORS) {
      const url = r.url ? r.url(w, actor) : fill(r.path, w);
      const before = r.method === 'GET' ? '' : await fingerprint(ctx.db);
      actual[actor] = outcomeOf(r.method, await send(r, actor, url));
      // A refused write leaves no trace (signing out's success is its redirect to /login).
      const refused = actual[actor] !== 'ok' && r.path !== '/logout';
      if (before && refused && (await fingerprint(ctx.db)) !== before) actual[actor] += ' but wrote rows';
    }
    expect(actual).toEqual(r.expect);
  });
});
