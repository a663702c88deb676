import type { Feature } from '../feature';
import { cardRoutes } from './cards.routes';

export const cardsFeature: Feature = {
  name: 'cards',
  routes: cardRoutes,
  // A unit's operator finds its unit's cards in the menu; hr and admin by the unit's address.
  nav: [{ label: 'nav.cards', href: (u) => `/opd/${encodeURIComponent(u.opdCode ?? '')}/cards`, action: 'cards.manage', scope: 'own', order: 365 }],
};
