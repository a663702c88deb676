import { Router, type NextFunction, type Request, type Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { requireLogin } from '../../http/auth';
import { ForbiddenError, TooManyRequestsError, ValidationError } from '../../http/errors';
import type { AppDeps } from '../../http/types';
import { parse, translateErrors } from '../../http/validate';
import { grantOf } from '../../policy';
import { findOwnCheckIn } from './check-in.queries';
import { locationSchema } from './check-in.schema';
import { AlreadyCheckedInError, CheckInRefusedError, localTime, occasionOf, ownWhere, recordSelfCheckIn, type Occasion } from './check-in.service';
import { checkInKey } from './check-in-token';
import { deviceOf, ensureDevice } from './device-cookie';

/** Check-ins per employee in the window: a few retries at each of a day's apel and events, no more. */
const LIMIT = { points: 30, duration: 10 * 60 };

/**
 * The employee's side of check-in (docs/DESIGN.md, "Stable URLs"): GET /c/:token shows what the
 * scanned QR is for and one "Hadir" button; POST /c/:token records it. Only an employee's own
 * account checks in, and only themselves: any employee field in the body is ignored.
 */
export function selfCheckInRoutes({ db, config, counters }: AppDeps): Router {
  const router = Router();
  const ctx = { key: checkInKey(config.sessionSecret), zone: config.timezone };
  // Counted in the database like every other limit, so several instances enforce one limit. On
  // SQLite the count joins the group commit of the check-ins arriving with it (src/db/group-commit.ts).
  const limiter = counters({ keyPrefix: 'checkin', ...LIMIT });

  function employeesOnly(req: Request, res: Response, next: NextFunction) {
    if (!req.user) return requireLogin(req, res, next);
    if (grantOf(req.user.role, 'checkin.self') === null || !req.user.employee) return next(new ForbiddenError('checkin.errors.only_employees'));
    next();
  }

  router.get('/c/:token', employeesOnly, async (req, res) => {
    const token = String(req.params.token);
    ensureDevice(req, res);
    const occasion = await occasionOrRefusal(req, res, token);
    if (!occasion) return;
    const earlier = await findOwnCheckIn(db, occasion.employee.id, ownWhere(occasion));
    // Right after the POST (?ok=1): its message, from the row itself rather than a flash kept in
    // the session, whose save was a write per check-in and halved the 07:30 burst (docs/BENCHMARKS.md).
    if (earlier && req.query.ok === '1') {
      const message = earlier.review === 'pending' ? 'checkin.flash.pending' : 'checkin.flash.recorded';
      res.locals.flash = [...(res.locals.flash ?? []), { kind: 'success', message: req.t(message, { time: localTime(earlier.checked_in_at, ctx.zone) }) }];
    }
    res.render('checkin/confirm', { title: req.t('checkin.confirm.title'), ...view(req, occasion), token, done: earlier ? localTime(earlier.checked_in_at, ctx.zone) : null, pending: earlier?.review === 'pending' });
  });

  router.post('/c/:token', employeesOnly, async (req, res) => {
    const token = String(req.params.token);
    const key = String(req.user!.id);
    let occasion: Occasion;
    let fix;
    try {
      occasion = await occasionOf(db, ctx, req.user!.employee!, token);
      fix = parse(locationSchema, req.body ?? {});
    } catch (err) {
      if (!(err instanceof CheckInRefusedError || err instanceof ValidationError)) throw err;
      // A refused tap counts toward the limit too, so a loop on forged codes stops like any other.
      await consume(key);
      if (err instanceof CheckInRefusedError) return refuse(req, res, err);
      return res.status(422).render('checkin/confirm', { title: req.t('checkin.confirm.title'), ...view(req, occasion!), token, alert: Object.values(translateErrors(req.t, err.fields))[0] });
    }
    try {
      // The count joins the check-in's own commit: one write per tap at 07:30 (docs/BENCHMARKS.md).
      await recordSelfCheckIn(db, occasion, { userId: req.user!.id, device: deviceOf(req), fix, countAttempt: (trx) => limiter.consumeWithin(trx, key) });
      res.redirect(303, `/c/${encodeURIComponent(token)}?ok=1`);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(err);
      if (err instanceof AlreadyCheckedInError) {
        const time = localTime(err.existing.checked_in_at, ctx.zone);
        return res.status(409).render('checkin/refused', { title: req.t('checkin.refused.title'), message: req.t('checkin.refused.duplicate', { time }), ...view(req, occasion) });
      }
      if (err instanceof CheckInRefusedError) {
        await consume(key);
        return refuse(req, res, err);
      }
      throw err;
    }
  });

  async function occasionOrRefusal(req: Request, res: Response, token: string): Promise<Occasion | undefined> {
    try {
      return await occasionOf(db, ctx, req.user!.employee!, token);
    } catch (err) {
      if (err instanceof CheckInRefusedError) return void refuse(req, res, err);
      throw err;
    }
  }

  async function consume(key: string) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw tooMany(err);
    }
  }

  return router;
}

function tooMany(refused: RateLimiterRes) {
  return new TooManyRequestsError(Math.ceil(refused.msBeforeNext / 1000));
}

function refuse(req: Request, res: Response, err: CheckInRefusedError) {
  res.status(err.status).render('checkin/refused', { title: req.t('checkin.refused.title'), message: req.t(err.message), rescan: err.reason === 'expired' || err.reason === 'invalid' });
}

/** Who checks in to what, as the confirmation and refusal pages show it. */
function view(req: Request, o: Occasion) {
  return {
    who: o.employee,
    what: o.event ? o.event.title : req.t('checkin.confirm.apel', { unit: o.opd?.name ?? '' }),
    date: o.date,
    geofence: o.point !== null,
  };
}
