import type { Notification } from '../../db/database';

export interface NotificationView {
  id: number;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  unread: boolean;
}

export function presentNotification(n: Notification): NotificationView {
  return { id: n.id, title: n.title, body: n.body, link: n.link, createdAt: n.created_at, unread: n.read_at === null };
}

/** Only app paths are followed after "open", never another host. */
export function safeLink(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null;
}
