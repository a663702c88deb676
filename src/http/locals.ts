import type { NextFunction, Request, Response } from 'express';
import { LANGUAGES, type Config, type Language } from '../config';
import { translator } from '../i18n/t';
import { csrfToken } from './csrf';
import { takeFlash } from './flash';
import { navFor, type NavItem } from './nav';

/** The current page in the other language, keeping its query (month, filters, page). */
export function withLang(url: string, lang: Language): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * Language: `?lang=` (remembered in the session), then the user's choice, then the
 * instance default. Everything a template needs once per request goes on res.locals here.
 */
export function locals(config: Config, nav: NavItem[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = req.query.lang;
    if (isLanguage(asked) && req.session) req.session.lang = asked;
    const lang: Language = (isLanguage(asked) && asked) || req.session?.lang || req.user?.language || config.defaultLanguage;
    req.lang = lang;
    req.t = translator(lang);
    res.locals.lang = lang;
    res.locals.otherLang = lang === 'id' ? 'en' : 'id';
    // The link to the other language and the menu are worked out when a page renders: a redirect
    // (most POSTs, the employee's check-in tap) needs neither.
    lazy(res.locals, 'langUrl', () => withLang(req.originalUrl, res.locals.otherLang));
    res.locals.user = req.user;
    res.locals.timezone = config.timezone;
    res.locals.demo = config.demo;
    res.locals.requestId = req.id;
    if (req.session) {
      // Made when a template reads it (Handlebars calls a function value): storing a token is what
      // creates a visitor's session, so only a page that renders a form may do it. A health probe,
      // a redirect or an error page must not write a session row and set a cookie each time.
      res.locals.csrfToken = () => csrfToken(req);
      res.locals.flash = takeFlash(req);
    }
    const user = req.user;
    if (user) lazy(res.locals, 'nav', () => navFor(nav, user, req.path));
    next();
  };
}

/** A value of `target` computed on first read (rendering copies res.locals, which reads it); assigning replaces it. */
function lazy(target: Record<string, unknown>, key: string, compute: () => unknown): void {
  const define = (value: unknown) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      define(value);
      return value;
    },
    set: define,
  });
}
