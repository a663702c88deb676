import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors';
import { flash } from '../../http/flash';
import type { AppDeps } from '../../http/types';
import { localToday } from '../../lib/calendar';
import { pageParam, pager, readPage } from '../../lib/paging';
import { allow, authorize } from '../../policy';
import { findEmployeeById } from '../employees/employees.repository';
import { findOpdByCode, findOpdById } from '../opds/opds.repository';
import { getSettings } from '../settings/settings.repository';
import { cardKey } from './card-code';
import { countCardHolders, findCardHolder, findCardPage, findCardVersion } from './cards.repository';
import { cardFace, reissueCard } from './cards.service';

/** Cards to a printed sheet: ten to an A4 page, five sheets a chunk, so a browser prints a chunk at once. */
const CARDS_PER_CHUNK = 50;

/**
 * Employee cards with a signed QR code (card-code.ts) for the operator's scanner at the apel:
 * an employee prints their own (/me/card); hr, admin or the unit's operator print a unit's in
 * chunks, and re-issue one person's card when it is lost.
 */
export function cardRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  const key = cardKey(config.sessionSecret);
  const today = () => localToday(config.timezone);

  async function unitOf(req: Request) {
    const opd = await findOpdByCode(db, String(req.params.code));
    if (!opd) throw new NotFoundError();
    authorize(req.user!, 'cards.manage', { opdId: opd.id });
    return opd;
  }

  router.get('/me/card', allow('me.read'), async (req, res) => {
    const user = req.user!;
    const employee = user.employeeId ? await findEmployeeById(db, user.employeeId) : undefined;
    if (!employee) throw new NotFoundError();
    const [unit, settings, version] = await Promise.all([user.opdId ? findOpdById(db, user.opdId) : undefined, getSettings(db), findCardVersion(db, employee.id)]);
    res.render('cards/sheet', {
      layout: false,
      title: req.t('cards.own.title'),
      pemda: settings.pemda_name,
      back: '/me',
      cards: [{ ...employee, unit: unit?.name ?? '', ...(await cardFace(key, employee.id, version)) }],
    });
  });

  router.get('/opd/:code/cards', allow('cards.manage'), async (req, res) => {
    const opd = await unitOf(req);
    const day = today();
    const { rows, page } = await readPage(pageParam(req.query.page), CARDS_PER_CHUNK, async (at) => ({
      rows: await findCardPage(db, opd.id, day, at),
      total: await countCardHolders(db, opd.id, day),
    }));
    const settings = await getSettings(db);
    const cards = [];
    // One after the other: 50 small SVGs, not worth a burst.
    for (const r of rows) cards.push({ ...r, unit: opd.name, ...(await cardFace(key, r.id, r.version ?? 1)) });
    res.render('cards/sheet', {
      layout: false,
      title: req.t('cards.unit.title', { unit: opd.name }),
      pemda: settings.pemda_name,
      back: `/opd/${encodeURIComponent(opd.code)}`,
      opd,
      page: page.page,
      cards,
      pager: pager(`/opd/${encodeURIComponent(opd.code)}/cards`, {}, page),
    });
  });

  router.post('/opd/:code/cards/:nip/reissue', allow('cards.manage'), async (req, res) => {
    const opd = await unitOf(req);
    const holder = await findCardHolder(db, opd.id, today(), String(req.params.nip));
    if (!holder) throw new NotFoundError();
    await reissueCard(db, { user: req.user!, requestId: req.id }, opd.id, holder);
    flash(req, 'success', req.t('cards.reissued', { name: holder.name }));
    const page = pageParam(req.body?.page);
    res.redirect(`/opd/${encodeURIComponent(opd.code)}/cards${page > 1 ? `?page=${page}` : ''}`);
  });

  return router;
}
