import { DateTime } from 'luxon';
import type { Translate } from '../../i18n/t';
import { digitsAsText, neutralise, percentText } from '../reports/export-csv';
import type { PersonRow, UnitFigures } from './pacts.queries';

/** A unit's figures with its share signed (null when nobody is expected, shown as "–"). */
export function withRate(u: Pick<UnitFigures, 'expected' | 'signed'>) {
  return { ...u, unsigned: u.expected - u.signed, rate: u.expected ? u.signed / u.expected : null };
}

export function totalsOf(units: UnitFigures[]) {
  return withRate({ expected: units.reduce((n, u) => n + u.expected, 0), signed: units.reduce((n, u) => n + u.signed, 0) });
}

/** The units summary as CSV records: header, one row per unit, the total. */
export function unitRecords(units: UnitFigures[], t: Translate, separator: string): string[][] {
  const row = (code: string, name: string, f: ReturnType<typeof withRate>) => [
    neutralise(code),
    neutralise(name),
    String(f.expected),
    String(f.signed),
    String(f.unsigned),
    percentText(f.rate, separator),
  ];
  const head = ['code', 'unit', 'expected', 'signed', 'unsigned', 'percent'].map((k) => neutralise(t(`pacts.csv.${k}`)));
  return [head, ...units.map((u) => row(u.code, u.name, withRate(u))), row('', t('pacts.csv.total'), totalsOf(units))];
}

/** One unit's people as CSV records; the NIP stays text in a spreadsheet, the time is local. */
export function peopleRecords(people: PersonRow[], t: Translate, zone: string): string[][] {
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
  const head = ['nip', 'name', 'position', 'status', 'signed_at'].map((k) => neutralise(t(`pacts.csv.${k}`)));
  return [
    head,
    ...people.map((p) => [
      digitsAsText(p.nip),
      neutralise(p.name),
      neutralise(p.position ?? ''),
      t(p.signed_at ? 'pacts.status.signed' : 'pacts.status.unsigned'),
      p.signed_at ? local(p.signed_at) : '',
    ]),
  ];
}
