import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import QRCode from 'qrcode';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { fieldErrors, parse, translateErrors } from '../../http/validate';
import { localToday } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { normalizeNip } from '../../lib/nip';
import { allow, authorize, homeOf } from '../../policy';
import { sessionLifetimeMs } from '../auth/auth.service';
import { startSession } from '../auth/sign-in';
import { findOpdByCode } from '../opds/opds.repository';
import { digitsAsText, neutralise } from '../reports/export-csv';
import { getSettings } from '../settings/settings.repository';
import { activationKey } from './activation-code';
import { activateSchema, batchSchema, issueSchema } from './activation.schema';
import { findRoster } from './activation.repository';
import { accountState, activate, confirmBatch, issueCodes, type IssuedCode } from './activation.service';

/**
 * Employee accounts: hr or a unit's operator hands out activation codes (/opd/:code/activation),
 * and an employee turns theirs into an account (/aktivasi, public).
 *
 * The plain codes exist only in the answer to the generation: that answer is the page of
 * printable slips, and its "download as CSV" button posts the same NIPs and codes back. The
 * server keeps nothing in plain text between the two (not in a session either); it writes the
 * CSV only for codes that match their stored HMAC and are still live, so the CSV can carry
 * nothing it did not issue. A lost page means generating again, which replaces the codes.
 */
export function activationRoutes({ db, config, activationLimiter: limiter }: AppDeps): Router {
  const router = Router();
  const key = activationKey(config.sessionSecret);
  const ctx = (req: Request) => ({ key, publicUrl: config.publicUrl, zone: config.timezone, requestId: req.id });

  async function unitOf(req: Request) {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'activation.manage', { opdId: opd.id });
    return opd;
  }

  async function renderList(req: Request, res: Response, status: number, error?: string) {
    const opd = await unitOf(req);
    const now = nowIso();
    const people = (await findRoster(db, opd.id, localToday(config.timezone))).map((p) => ({ ...p, state: accountState(p, now) }));
    res.status(status).render('activation/list', {
      title: req.t('activation.list.title', { unit: opd.name }),
      opd,
      people,
      counts: { all: people.length, active: people.filter((p) => p.state === 'active').length, issued: people.filter((p) => p.state === 'issued').length },
      error,
    });
  }

  router.get('/opd/:code/activation', allow('activation.manage'), (req, res) => renderList(req, res, 200));

  router.post('/opd/:code/activation', allow('activation.manage'), async (req, res) => {
    const opd = await unitOf(req);
    let issued: IssuedCode[];
    try {
      issued = await issueCodes(db, req.user!, opd, parse(issueSchema, req.body), ctx(req));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderList(req, res, 422, Object.values(translateErrors(req.t, err.fields))[0]);
    }
    const settings = await getSettings(db);
    const slips = [];
    // One after the other: a unit of 3,000 people is 3,000 small SVGs, not worth a burst.
    for (const s of issued) slips.push({ ...s, qr: await QRCode.toString(s.link, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }) });
    res.render('activation/slips', {
      layout: false,
      title: req.t('activation.slips.title', { unit: opd.name }),
      opd,
      pemda: settings.pemda_name,
      activationUrl: `${config.publicUrl}/aktivasi`,
      slips,
      batch: issued.map((s) => `${s.nip}:${s.code}`).join(';'),
      back: `/opd/${encodeURIComponent(opd.code)}/activation`,
    });
  });

  router.post('/opd/:code/activation/csv', allow('activation.manage'), async (req, res) => {
    const opd = await unitOf(req);
    const { batch } = parse(batchSchema, req.body);
    const rows = await confirmBatch(db, req.user!, opd, batch, ctx(req));
    const { csv_separator } = await getSettings(db);
    const expiry = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(config.timezone).toFormat('yyyy-MM-dd HH:mm');
    const body = stringify(
      [['nip', 'nama', 'kode', 'tautan', 'berlaku_sampai'], ...rows.map((r) => [digitsAsText(r.nip), neutralise(r.name), r.code, neutralise(r.link), expiry(r.expiresAt)])],
      { delimiter: csv_separator, bom: true, record_delimiter: 'windows' },
    );
    res.attachment(`kode-aktivasi-${opd.code}-${localToday(config.timezone)}.csv`).set({ 'Content-Type': 'text/csv; charset=utf-8' });
    res.send(body);
  });

  function renderActivate(req: Request, res: Response, status: number, values: { nip?: unknown; kode?: unknown }, error?: string, errors?: Record<string, string>) {
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40) : '');
    res.status(status).render('activation/activate', {
      title: req.t('activation.activate.title'),
      layout: 'bare',
      nip: text(values.nip),
      kode: text(values.kode),
      error,
      errors,
    });
  }

  router.get('/aktivasi', (req, res) => {
    if (req.user) return res.redirect(homeOf(req.user));
    renderActivate(req, res, 200, req.query);
  });

  router.post('/aktivasi', async (req, res) => {
    const parsed = activateSchema.safeParse(req.body);
    if (!parsed.success) return renderActivate(req, res, 422, req.body ?? {}, undefined, translateErrors(req.t, fieldErrors(parsed.error)));
    const input = parsed.data;
    const ip = req.ip ?? 'unknown';
    const nip = normalizeNip(input.nip).toUpperCase();
    // Counted before the code is checked, as sign-ins are, so a burst cannot outrun the limit.
    const wait = await limiter.reserve(ip, nip);
    if (wait > 0) throw new TooManyRequestsError(wait, 'activation.too_many');
    let account;
    try {
      account = await activate(db, { nip: input.nip, code: input.kode, password: input.password }, ctx(req));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fields = translateErrors(req.t, err.fields);
      return renderActivate(req, res, 422, input, Object.keys(fields).length ? undefined : req.t(err.message), fields);
    }
    await limiter.succeed(ip, nip);
    await startSession(req, account.userId, await sessionLifetimeMs(db, account.employeeId));
    res.redirect('/me');
  });

  return router;
}
