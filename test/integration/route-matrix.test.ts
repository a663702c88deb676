import request from 'supertest';
import { checkInKey, signCheckIn, slotOf } from '../../src/features/checkin/check-in-token';
import { grantOf, type Action, type Role } from '../../src/policy';
import { useTestApp } from '../support/app';
import { ACTORS, buildWorld, LAST_MONDAY, MONTH, NOW, useDataDir, THIS_MONDAY, YEAR, type Actor, type World } from '../support/hardening-world';
import { fingerprint } from '../support/hostile';
import { listRoutes } from '../support/route-list';
import { resetNow } from '../support/clock';

/*
 * Who may reach what, for every route the app registers. Each row names the action the route
 * lets do; what each actor gets follows from the policy table (src/policy/rules.ts, see
 * `derived`), so the table and the app cannot drift apart. Outcomes:
 *   ok     allowed: 2xx, or a redirect that is not to /login; for a write, anything but
 *          401/403/404 (a 409 or 422 for the minimal body is still "allowed")
 *   login  a redirect to /login (pages, anonymous)
 *   401    the API without a token
 *   403    signed in, but the role may not
 *   404    another OPD's data, which must not be confirmed to exist
 * A refused write must also leave the database exactly as it was.
 * Columns: anonymous, opd user of unit A, opd user of unit B, sekda, hr, admin, and an employee
 * of unit A with their own account (pegawai). Parameters are unit A's: its code, this week's
 * pledge date, a person of unit A, and so on. An employee's account has no API token, so the API
 * answers its requests 401 like any request without one.
 * A route the app registers that is missing here fails the test: add it with its action.
 */
type Outcome = 'ok' | 'login' | '401' | '403' | '404';
type Url = (w: World, actor: Actor) => string;

interface Row {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
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

const row = (method: Row['method'], path: string, action: Row['action'], extra: Partial<Row> = {}): Row => ({ method, path, action, ...extra });

const ROLE_OF: Record<Exclude<Actor, 'anon'>, Role> = { opdA: 'opd', opdB: 'opd', sekda: 'sekda', hr: 'hr', admin: 'admin', pegawaiA: 'pegawai' };

/**
 * The outcome the policy table gives: a role without the action 403; one with it over every
 * unit ok; one with it over its own unit ok on unit A's routes for unit A's user, 404 for unit
 * B's (and ok on routes without a unit, whose lists it narrows to its own unit).
 */
function derived(r: Row, actor: Actor): Outcome {
  const exception = r.except?.[actor];
  if (exception) return exception;
  if (r.action === 'public') return 'ok';
  if (actor === 'anon' || (actor === 'pegawaiA' && r.path.startsWith('/api/'))) return r.path.startsWith('/api/') ? '401' : 'login';
  if (r.action === 'signedIn') return 'ok';
  const grant = grantOf(ROLE_OF[actor], r.action);
  if (grant === null) return '403';
  return grant === 'own' && r.unit && actor !== 'opdA' ? '404' : 'ok';
}

/** The per-actor row for routes that use a row up (delete, commit) or belong to one user. */
const own = (pick: (w: World) => Partial<Record<Actor, number>>, fallback: Actor, fmt: (id: number, w: World) => string): Url => (w, a) =>
  fmt(pick(w)[a] ?? pick(w)[fallback] ?? 0, w);

/** Signing out succeeds by sending everyone to /login. */
const SIGNED_OUT: Row['except'] = { opdA: 'login', opdB: 'login', sekda: 'login', hr: 'login', admin: 'login', pegawaiA: 'login' };

/** Routes of a feature the test app leaves unconfigured: 404 for every actor. */
const NO_SSO: Row['except'] = { anon: '404', opdA: '404', opdB: '404', sekda: '404', hr: '404', admin: '404', pegawaiA: '404' };

const A = (w: World) => w.unitA.code;
const checkIn: { key: Buffer; eventId: number } = { key: Buffer.alloc(0), eventId: 0 };
const checkInUrl: Url = (w) => `/c/${signCheckIn(checkIn.key, { kind: 'apel', opdId: w.unitA.id, date: THIS_MONDAY }, slotOf(Date.parse(NOW)))}`;
/** Two pacts open this month: one every route reads, one that the close route closes. */
const pacts = { open: 0, closing: 0 };
const pact = (tail = '', id = () => pacts.open): Url => () => `/pacts/${id()}${tail}`;
const nip = (w: World) => w.peopleA[0].nip;
/** The world's event expects unit A only (unit B's opd user gets a 404 on it). */
const eventOfA = (tail = ''): Url => (w) => `/events/${w.eventId}${tail}`;

// prettier-ignore
const MATRIX: Row[] = [
  //          path                                           action
  row('GET',  '/api/v1/openapi.json',                        'public'),
  row('GET',  '/api/v1/opds',                                'opds.read'),
  row('GET',  '/api/v1/employees',                           'employees.read', { unit: true, url: (w) => `/api/v1/employees?opd=${A(w)}` }),
  row('GET',  '/api/v1/compliance',                          'dashboard.read', { unit: true, url: (w) => `/api/v1/compliance?opd=${A(w)}&week=${LAST_MONDAY}` }),
  row('GET',  '/api/v1/reports/monthly',                     'reports.read', { unit: true, url: (w) => `/api/v1/reports/monthly?opd=${A(w)}&month=${MONTH}` }),
  row('GET',  '/api/v1/opds/:code/sessions/:date',           'session.read', { unit: true }),
  row('PUT',  '/api/v1/opds/:code/sessions/:date',           'session.edit', { unit: true }),
  row('GET',  '/api/v1/events',                              'events.read'),
  row('GET',  '/api/v1/events/:id',                          'events.read', { unit: true, url: (w) => `/api/v1/events/${w.eventId}` }),

  row('GET',  '/healthz',                                    'public'),
  row('GET',  '/login',                                      'public'),
  row('POST', '/login',                                      'public'),
  row('GET',  '/',                                           'signedIn'),
  // Single sign-on: the test app configures no provider, so both routes are 404 for everyone
  // (test/integration/oidc.test.ts runs them against a real provider).
  row('GET',  '/login/sso',                                  'public', { except: NO_SSO }),
  row('GET',  '/login/sso/callback',                         'public', { except: NO_SSO }),
  row('GET',  '/aktivasi',                                   'public'),
  row('POST', '/aktivasi',                                   'public'),
  row('GET',  '/me',                                         'me.read'),
  row('GET',  '/me/card',                                    'me.read'),
  row('GET',  '/me/pacts/:id',                               'pacts.sign', { url: () => `/me/pacts/${pacts.open}` }),
  row('POST', '/me/pacts/:id',                               'pacts.sign', { url: () => `/me/pacts/${pacts.open}` }),

  row('GET',  '/pacts',                                      'pacts.read'),
  row('GET',  '/pacts/new',                                  'pacts.manage'),
  row('POST', '/pacts',                                      'pacts.manage'),
  row('GET',  '/pacts/:id',                                  'pacts.read', { url: pact() }),
  row('GET',  '/pacts/:id/edit',                             'pacts.manage', { url: pact('/edit') }),
  row('POST', '/pacts/:id',                                  'pacts.manage', { url: pact() }),
  row('POST', '/pacts/:id/close',                            'pacts.manage', { url: pact('/close', () => pacts.closing) }),
  row('GET',  '/pacts/:id/units.csv',                        'pacts.read', { url: pact('/units.csv') }),
  row('GET',  '/pacts/:id/opd/:code',                        'pacts.read', { unit: true, url: (w) => `/pacts/${pacts.open}/opd/${A(w)}` }),
  row('GET',  '/pacts/:id/opd/:code/people.csv',             'pacts.read', { unit: true, url: (w) => `/pacts/${pacts.open}/opd/${A(w)}/people.csv` }),
  row('GET',  '/me/requests/new',                            'requests.file'),
  row('POST', '/me/requests',                                'requests.file', { multipart: true }),
  row('GET',  '/requests',                                   'requests.decide'),
  // The letter of pegawaiA's own request: 'own' for an employee is their own record.
  row('GET',  '/requests/:id/letter',                        'requests.read', { unit: true, except: { pegawaiA: 'ok' }, url: (w) => `/requests/${w.requestId}/letter` }),
  row('POST', '/requests/:id/approve',                       'requests.decide', { unit: true, url: (w) => `/requests/${w.requestId}/approve` }),
  row('POST', '/requests/:id/reject',                        'requests.decide', { unit: true, url: (w) => `/requests/${w.requestId}/reject` }),

  row('GET',  '/opds',                                       'opds.read'),
  row('GET',  '/opds/new',                                   'opds.edit'),
  row('POST', '/opds',                                       'opds.edit'),
  row('GET',  '/opds/:code',                                 'opds.read', { unit: true }),
  row('GET',  '/opds/:code/edit',                            'opds.edit'),
  row('POST', '/opds/:code',                                 'opds.edit'),
  row('POST', '/opds/:code/deactivate',                      'opds.edit'),
  row('POST', '/opds/:code/reactivate',                      'opds.edit'),

  row('GET',  '/employees/import',                           'imports.run'),
  row('POST', '/employees/import',                           'imports.run', { multipart: true }),
  row('GET',  '/employees/import/:id',                       'imports.run', { url: own((w) => w.employeeImportIds, 'hr', (id) => `/employees/import/${id}`) }),
  row('POST', '/employees/import/:id/commit',                'imports.run', { url: own((w) => w.employeeImportIds, 'hr', (id) => `/employees/import/${id}/commit`) }),
  row('GET',  '/employees',                                  'employees.read'),
  row('GET',  '/employees/new',                              'employees.edit'),
  row('POST', '/employees',                                  'employees.edit'),
  row('GET',  '/employees/:nip',                             'employees.read', { unit: true }),
  row('GET',  '/employees/:nip/edit',                        'employees.edit'),
  row('POST', '/employees/:nip',                             'employees.edit'),
  row('GET',  '/employees/:nip/transfer',                    'employees.edit'),
  row('POST', '/employees/:nip/transfer',                    'employees.edit'),
  row('GET',  '/employees/:nip/deactivate',                  'employees.edit'),
  row('POST', '/employees/:nip/deactivate',                  'employees.edit'),
  row('POST', '/employees/:nip/reactivate',                  'employees.edit'),
  row('GET',  '/employees/:nip/history.csv',                 'reports.read', { unit: true, url: (w) => `/employees/${nip(w)}/history.csv?year=${YEAR}` }),

  row('GET',  '/audit',                                      'audit.read'),

  row('GET',  '/admin/users',                                'users.manage'),
  row('GET',  '/admin/users/new',                            'users.manage'),
  row('POST', '/admin/users',                                'users.manage'),
  row('GET',  '/admin/users/:id',                            'users.manage', { url: (w) => `/admin/users/${w.victimUserId}` }),
  row('POST', '/admin/users/:id',                            'users.manage', { url: (w) => `/admin/users/${w.victimUserId}` }),
  row('POST', '/admin/users/:id/disable',                    'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/disable` }),
  row('POST', '/admin/users/:id/enable',                     'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/enable` }),
  row('POST', '/admin/users/:id/reset-password',             'users.manage', { url: (w) => `/admin/users/${w.victimUserId}/reset-password` }),
  row('GET',  '/admin/tokens',                               'tokens.manage'),
  row('POST', '/admin/tokens',                               'tokens.manage'),
  row('POST', '/admin/tokens/:id/revoke',                    'tokens.manage', { url: (w) => `/admin/tokens/${w.victimTokenId}/revoke` }),
  row('GET',  '/admin/jobs',                                 'jobs.read'),

  // An opd user's dashboard is a redirect to its own unit's page.
  row('GET',  '/dashboard',                                  'dashboard.read'),
  row('GET',  '/opd/:code',                                  'dashboard.read', { unit: true }),
  row('GET',  '/reports/monthly',                            'reports.read', { unit: true, url: (w) => `/reports/monthly?month=${MONTH}&opd=${A(w)}` }),

  // Check-in: unit A uses it (see beforeAll); the token is unit A's apel of this Monday, now.
  row('GET',  '/c/:token',                                   'checkin.self', { url: checkInUrl }),
  row('POST', '/c/:token',                                   'checkin.self', { url: checkInUrl }),
  row('GET',  '/opd/:code/check-in',                         'checkin.screen', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/qr',                'checkin.screen', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/qr/now',            'checkin.screen', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/check-ins',         'checkin.review', { unit: true }),
  // The minimal body has no decision: a 422 for those let through.
  row('POST', '/opd/:code/sessions/:date/check-ins/:checkInId', 'checkin.review', { unit: true, url: (w) => `/opd/${A(w)}/sessions/${THIS_MONDAY}/check-ins/1` }),
  row('GET',  '/events/:id/qr',                              'checkin.event', { url: () => `/events/${checkIn.eventId}/qr` }),
  row('GET',  '/events/:id/qr/now',                          'checkin.event', { url: () => `/events/${checkIn.eventId}/qr/now` }),
  row('GET',  '/events/:id/check-ins',                       'checkin.event', { url: () => `/events/${checkIn.eventId}/check-ins` }),
  row('POST', '/events/:id/check-ins/:checkInId',            'checkin.event', { url: () => `/events/${checkIn.eventId}/check-ins/1` }),

  row('GET',  '/opd/:code/activation',                       'activation.manage', { unit: true }),
  row('POST', '/opd/:code/activation',                       'activation.manage', { unit: true }),
  row('POST', '/opd/:code/activation/csv',                   'activation.manage', { unit: true }),
  row('GET',  '/opd/:code/cards',                            'cards.manage', { unit: true }),
  row('POST', '/opd/:code/cards/:nip/reissue',               'cards.manage', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/scan',              'checkin.scan', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/scan/people',       'checkin.scan', { unit: true }),
  row('POST', '/opd/:code/sessions/:date/scan',              'checkin.scan', { unit: true }),
  // Today's event expects every unit: each unit's operator may scan there (their own people only).
  row('GET',  '/events/:id/scan',                            'checkin.eventScan', { url: () => `/events/${checkIn.eventId}/scan` }),
  row('GET',  '/events/:id/scan/people',                     'checkin.eventScan', { url: () => `/events/${checkIn.eventId}/scan/people` }),
  row('POST', '/events/:id/scan',                            'checkin.eventScan', { url: () => `/events/${checkIn.eventId}/scan` }),

  row('GET',  '/opd/:code/sessions/:date',                   'session.read', { unit: true }),
  row('POST', '/opd/:code/sessions/:date',                   'session.edit', { unit: true }),
  row('GET',  '/opd/:code/sessions/:date/photo',             'session.read', { unit: true, url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/photo` }),
  row('POST', '/opd/:code/sessions/:date/reason',            'session.judgeReason'),
  row('GET',  '/opd/:code/sessions/:date/import',            'session.edit', { unit: true }),
  row('POST', '/opd/:code/sessions/:date/import',            'session.edit', { unit: true, multipart: true }),
  row('POST', '/opd/:code/sessions/:date/corrections',       'correction.request', { unit: true, url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/corrections` }),
  row('GET',  '/corrections',                                'correction.decide'),
  row('GET',  '/corrections/:id',                            'correction.decide', { url: (w) => `/corrections/${w.correctionId}` }),
  row('POST', '/corrections/:id/approve',                    'correction.decide', { url: (w) => `/corrections/${w.correctionId}/approve` }),
  row('POST', '/corrections/:id/reject',                     'correction.decide', { url: (w) => `/corrections/${w.correctionId}/reject` }),

  row('GET',  '/events',                                     'events.read'),
  row('GET',  '/events/new',                                 'events.edit'),
  row('POST', '/events',                                     'events.edit'),
  row('GET',  '/events/:id',                                 'events.read', { unit: true, url: eventOfA() }),
  row('GET',  '/events/:id/units.csv',                       'events.read', { unit: true, url: eventOfA('/units.csv') }),
  row('GET',  '/events/:id/edit',                            'events.edit', { url: eventOfA('/edit') }),
  row('POST', '/events/:id',                                 'events.edit', { url: eventOfA() }),

  row('GET',  '/settings',                                   'settings.read'),
  row('POST', '/settings',                                   'settings.edit'),

  row('GET',  '/flags',                                      'flags.read'),
  row('GET',  '/flags/tk',                                   'flags.read', { url: () => `/flags/tk?from=${LAST_MONDAY}&to=${LAST_MONDAY}` }),
  row('GET',  '/flags/:nip/:year',                           'flags.read', { unit: true }),
  row('POST', '/flags/:nip/:year/follow-ups',                'flags.followUp'),
  row('POST', '/flags/:nip/:year/excuse',                    'flags.followUp'),
  row('GET',  '/flags/:nip/:year/letter',                    'flags.read', { unit: true }),

  row('GET',  '/holidays',                                   'holidays.read'),
  row('GET',  '/holidays/new',                               'holidays.edit'),
  row('POST', '/holidays',                                   'holidays.edit'),
  row('POST', '/holidays/prefill',                           'holidays.edit'),
  row('POST', '/holidays/official',                          'holidays.edit'),
  row('GET',  '/holidays/:id/edit',                          'holidays.edit', { url: (w) => `/holidays/${w.holidayEditId}/edit` }),
  row('POST', '/holidays/:id',                               'holidays.edit', { url: (w) => `/holidays/${w.holidayEditId}` }),
  row('POST', '/holidays/:id/delete',                        'holidays.edit', { url: own((w) => w.holidayIds, 'hr', (id) => `/holidays/${id}/delete`) }),

  row('GET',  '/absences',                                   'absences.read'),
  row('GET',  '/absences/new',                               'absences.edit'),
  row('POST', '/absences',                                   'absences.edit'),
  row('POST', '/absences/:id/cancel',                        'absences.edit', { unit: true, url: (w) => `/absences/${w.absenceId}/cancel` }),
  row('GET',  '/absences/import',                            'absences.edit'),
  row('POST', '/absences/import',                            'absences.edit', { multipart: true }),
  // opd user B tries unit A's import: 404.
  row('POST', '/absences/import/:id/commit',                 'absences.edit', { unit: true, url: own((w) => w.absenceImportIds, 'opdA', (id) => `/absences/import/${id}/commit`) }),

  row('GET',  '/account',                                    'account.use'),
  row('POST', '/account/password',                           'account.use'),
  row('POST', '/account/language',                           'account.use'),
  row('GET',  '/notifications',                              'account.use'),
  row('POST', '/notifications/read-all',                     'account.use'),
  // opd user B tries opd user A's notice: 404. A notice belongs to one user, not to a unit.
  row('POST', '/notifications/:id/read',                     'account.use', { except: { opdB: '404' }, url: (w, a) => `/notifications/${w.notificationIds[a === 'opdB' ? 'opdA' : a]}/read` }),

  // Last: signing out ends every session of the user. Its success is the redirect to /login.
  row('POST', '/logout',                                     'account.use', { except: SIGNED_OUT }),
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
    w = await buildWorld(ctx.app, ctx.db, 'RM');
    checkIn.key = checkInKey(ctx.config.sessionSecret);
    await ctx.db.updateTable('opds').set({ check_in: 1 }).where('id', '=', w.unitA.id).execute();
    const event = { kind: 'hut_korpri', title: 'Upacara uji', date: THIS_MONDAY, start_time: '07:30', place: 'Alun-alun', mode: 'langsung', all_units: 1, check_in: 1, created_at: NOW, updated_at: NOW };
    checkIn.eventId = (await ctx.db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow()).id;
    for (const key of ['open', 'closing'] as const) {
      const row = { title: `Pakta ${key}`, body: 'Saya menjaga netralitas.', valid_from: '2026-11-01', valid_to: '2026-12-31', closed_at: null, created_by: w.users.admin.id, created_at: NOW, updated_at: NOW };
      pacts[key] = (await ctx.db.insertInto('pacts').values(row).returning('id').executeTakeFirstOrThrow()).id;
    }

  });
  afterAll(() => resetNow());

  function send(r: Row, actor: Actor, url: string) {
    if (r.path.startsWith('/api/')) {
      const auth = actor === 'anon' || actor === 'pegawaiA' ? {} : { Authorization: `Bearer ${w.tokens[actor]}` };
      const req = request(ctx.app)[r.method === 'PUT' ? 'put' : 'get'](url).set(auth);
      return r.method === 'PUT' ? req.set('If-Match', '*').send({ held: true }) : req;
    }
    const agent = w.agents[actor];
    if (r.method === 'GET') return agent.get(url);
    if (r.multipart) return agent.post(url).field('_csrf', agent.csrf);
    return agent.post(url).type('form').send({ _csrf: agent.csrf });
  }

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
    expect(actual).toEqual(Object.fromEntries(ACTORS.map((a) => [a, derived(r, a)])));
  });
});
