import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

/**
 * Every (method, path) the app registers, found by walking Express 5's router stack and the
 * routers mounted in it (the /api/v1 routers included). A route registered twice (a guard and
 * the handler, as /dashboard is) is listed once.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const seen = new Map<string, RegisteredRoute>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const m of Object.keys(layer.route.methods)) {
            if (m === '_all') continue;
            const r = { method: m.toUpperCase(), path: prefix + p };
            seen.set(`${r.method} ${r.path}`, r);
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...seen.values()];
}
