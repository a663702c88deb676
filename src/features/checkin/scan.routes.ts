import express, { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { limitBody } from '../../http/body-limit';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { allow, type Action } from '../../policy';
import { cardKey } from '../cards/card-code';
import { getSettings } from '../settings/settings.repository';
import { countCheckIns, findLatestCheckIns, searchExpectedPeople } from './scan.queries';
import { apelScanner, eventScanner, type Scanner } from './scanner';
import { scanInputOf, searchTermOf } from './scan.schema';
import { recordScan, type ScanOutcome } from './scan.service';

/** A scan is a card's text and a few small fields: a larger body is refused unread. */
const MAX_BODY = 4096;
/** An operator at the gate scans a person every second or two; more than this is a loop or a script. */
const SCANS_PER_MINUTE = 120;
const SEARCHES_PER_MINUTE = 120;
const SEARCH_RESULTS = 20;
const LIST_LENGTH = 50;

/** The strings of public/js/scan.js, in the user's language. */
const SCRIPT_TEXT = ['starting', 'ready', 'no_camera', 'insecure', 'sending', 'waiting', 'offline', 'search_offline', 'nobody', 'record', 'recorded_at', 'card_item', 'error', 'signed_out', 'seen'];

/** The words of the page that name the apel, and their event's version (scan.event.*). */
const EVENT_WORDS = new Set(['heading', 'back', 'search_hint', 'nobody', 'refused.not_expected', 'refused.not_today']);
const word = (s: Scanner, key: string) => (s.place.kind === 'event' && EVENT_WORDS.has(key) ? `scan.event.${key}` : `scan.${key}`);

/** What the page's script needs, as JSON inside a non-executable script element (no inline script under the CSP). */
function pageData(req: Request, s: Scanner, urls: Record<string, string>): string {
  const text = Object.fromEntries(SCRIPT_TEXT.map((k) => [k, req.t(word(s, k))]));
  return JSON.stringify({ ...urls, jsqr: '/static/vendor/jsQR.js', text }).replace(/</g, '\\u003c');
}

/*
 * The officer's scanner (docs/DESIGN.md, "Employees, check-in and events") for today's apel of a
 * unit and for today's event: GET the page (camera, list of scans, search for a person whose card
 * is lost), GET .../people the search as JSON for the page's script, POST one scan as JSON (the
 * script) or as a form (no script). Which place a URL names, and who may scan there, in
 * scanner.ts; the rules of a scan in scan.service.ts; the page's script is public/js/scan.js.
 */
export function scanRoutes(deps: AppDeps): Router {
  const { db, config, counters } = deps;
  const router = Router();
  const zone = config.timezone;
  const key = cardKey(config.sessionSecret);
  const scans = counters({ keyPrefix: 'scan', points: SCANS_PER_MINUTE, duration: 60 });
  const searches = counters({ keyPrefix: 'scan-search', points: SEARCHES_PER_MINUTE, duration: 60 });

  async function limited(counter: typeof scans, req: Request) {
    try {
      await counter.consume(`user:${req.user!.id}`);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw new TooManyRequestsError(Math.ceil(err.msBeforeNext / 1000));
      throw err;
    }
  }

  const hhmm = (iso: string) => DateTime.fromISO(iso).setZone(zone).toFormat('HH:mm');

  /** The scanner of today's apel or event; an earlier one has none (its roll-call is the place then). */
  async function renderPage(req: Request, res: Response, s: Scanner, status: number, extra: Record<string, unknown> = {}) {
    if (s.place.date !== localToday(zone)) throw new NotFoundError();
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 60) : '';
    const term = searchTermOf(q);
    const categories = (await getSettings(db)).categories_required;
    const [found, latest, count] = await Promise.all([
      term ? searchExpectedPeople(db, s.place, categories, term, SEARCH_RESULTS) : [],
      findLatestCheckIns(db, s.place, LIST_LENGTH),
      countCheckIns(db, s.place),
    ]);
    const csrf = (res.locals.csrfToken as () => string)();
    const scanData = pageData(req, s, { post: s.url, search: `${s.url}/people`, store: s.store, csrf });
    res.status(status).render('scan/show', {
      title: s.title,
      heading: req.t(word(s, 'heading')),
      where: s.where,
      date: s.place.date,
      scanUrl: s.url,
      backUrl: s.backUrl,
      backLabel: req.t(word(s, 'back')),
      searchHint: req.t(word(s, 'search_hint')),
      nobody: req.t(word(s, 'nobody')),
      q,
      searched: term !== '',
      found: found.map((p) => ({ ...p, time: p.checked_in_at ? hhmm(p.checked_in_at) : null })),
      latest: latest.map((c) => ({ ...c, time: hhmm(c.checked_in_at) })),
      count,
      scanData,
      ...extra,
    });
  }

  function messageOf(req: Request, s: Scanner, outcome: ScanOutcome): string {
    if (outcome.status === 'refused') return req.t(word(s, `refused.${outcome.reason}`));
    return req.t(`scan.${outcome.status}`, { name: outcome.person.name, time: hhmm(outcome.at) });
  }

  /** The three routes of a scanner at `path`, for users with `action`, the place found by `scannerOf`. */
  function scanner(path: string, action: Action, scannerOf: (req: Request) => Promise<Scanner>) {
    router.get(path, allow(action), async (req, res) => renderPage(req, res, await scannerOf(req), 200));

    router.get(`${path}/people`, allow(action), async (req, res) => {
      const s = await scannerOf(req);
      await limited(searches, req);
      const term = searchTermOf(req.query.q);
      const categories = (await getSettings(db)).categories_required;
      const rows = term ? await searchExpectedPeople(db, s.place, categories, term, SEARCH_RESULTS) : [];
      res.json({ people: rows.map((p) => ({ id: p.id, nip: p.nip, name: p.name, position: p.position, checked_in_at: p.checked_in_at ? hhmm(p.checked_in_at) : null })) });
    });

    router.post(path, limitBody(MAX_BODY), allow(action), express.json({ limit: MAX_BODY }), async (req, res) => {
      const json = Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
      const s = await scannerOf(req);
      await limited(scans, req);
      let input;
      try {
        input = scanInputOf(req.body);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const errors = translateErrors(req.t, err.fields);
        if (json) return res.status(422).json({ ok: false, status: 'invalid', client_id: null, message: Object.values(errors)[0] ?? req.t('errors.validation'), errors });
        return renderPage(req, res, s, 422, { alert: Object.values(errors)[0] ?? req.t('errors.validation') });
      }
      const outcome = await recordScan(db, { user: req.user!, key, zone }, s.place, input);
      const message = messageOf(req, s, outcome);
      if (json) {
        const person = outcome.status === 'refused' ? {} : { name: outcome.person.name, nip: outcome.person.nip, time: hhmm(outcome.at) };
        const code = outcome.status === 'recorded' ? 201 : outcome.status === 'already' ? 200 : 422;
        const reason = outcome.status === 'refused' ? { reason: outcome.reason } : {};
        return res.status(code).json({ ok: outcome.status !== 'refused', status: outcome.status, ...reason, client_id: input.clientId, message, ...person });
      }
      if (outcome.status === 'refused' && outcome.reason !== 'not_today') return renderPage(req, res, s, 422, { alert: message });
      flash(req, outcome.status === 'recorded' ? 'success' : outcome.status === 'already' ? 'info' : 'error', message);
      // A scan that arrives after its day goes to that day's page: the scanner is for today only.
      res.redirect(303, outcome.status === 'refused' ? s.backUrl : s.url);
    });
  }

  scanner('/opd/:code/sessions/:date/scan', 'checkin.scan', (req) => apelScanner(db, req, zone));
  scanner('/events/:id/scan', 'checkin.eventScan', (req) => eventScanner(db, req));
  return router;
}
