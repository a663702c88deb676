import type { Translate } from '../../i18n/t';
import type { CheckInListRow } from './check-in.queries';
import { localTime } from './check-in.service';

/** A row of the operator's check-in list, in the reader's language and the instance's zone. */
export function presentCheckIns(rows: CheckInListRow[], t: Translate, zone: string) {
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nip: r.nip,
    time: localTime(r.checked_in_at, zone),
    method: t(`checkin.methods.${r.method}`),
    place: r.place ? t(`checkin.places.${r.place}`) : '',
    accuracy: r.accuracy_m !== null ? t('checkin.review.accuracy', { m: Math.round(r.accuracy_m) }) : '',
    review: r.review ? t(`checkin.reviews.${r.review}`) : '',
    reason: r.review_reason ? t(`checkin.reasons.${r.review_reason}`) : '',
    pending: r.review === 'pending',
  }));
}
