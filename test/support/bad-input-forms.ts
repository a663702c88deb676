import crypto from 'node:crypto';
import { TEST_PASSWORD } from './app';
import { LAST_MONDAY, THIS_MONDAY, YEAR, type CsrfAgent, type World } from './hardening-world';
import { fieldsOfForm, type FieldSpec, type FormValue } from './hostile';
import { freshNip } from './factories';
import { formFields } from './forms';

/*
 * Every form that writes, with a body that is valid except for the one field the sweep makes
 * hostile, so a refusal is about that field. `fields` lists what the sweep throws values at.
 */
export interface FormCase {
  name: string;
  /** 'account' is a throwaway user, so a password form that gives way harms nobody. */
  actor: 'anon' | 'opdA' | 'hr' | 'admin' | 'account' | 'pegawaiA';
  url: (w: World) => string;
  base: (w: World, agent: CsrfAgent) => Record<string, FormValue> | Promise<Record<string, FormValue>>;
  fields: Record<string, FieldSpec> | ((w: World) => Record<string, FieldSpec>);
  /** An upload form: multipart, with this file attached to every request. */
  file?: { field: string; name: string; content: (w: World) => string };
  /** Multipart without a file (the session form as a browser without script sends it). */
  multipart?: boolean;
  /** Messages are on an error page or in an alert, not beside each field. */
  noFieldErrors?: boolean;
}

const text: FieldSpec = { kind: 'text' };
const optText: FieldSpec = { kind: 'text', optional: true };
const date: FieldSpec = { kind: 'date' };
const optDate: FieldSpec = { kind: 'date', optional: true };
const en: FieldSpec = { kind: 'enum' };
const optEnum: FieldSpec = { kind: 'enum', optional: true };
const id: FieldSpec = { kind: 'id' };
const optId: FieldSpec = { kind: 'id', optional: true };

const A = (w: World) => w.unitA.code;
const employeeCsv = (w: World) => `NIP,Nama,Kode Unit,Kategori\n${w.peopleA[2].nip},${w.peopleA[2].name},${w.unitA.code},PNS\n`;
const absenceCsv = (w: World) => `nip,dari,sampai,status,nomor surat\n${w.peopleA[2].nip},2026-12-21,2026-12-22,DL,ST/5/2026\n`;

/** The session form as the page fills it, with one change so a correction has something to ask for. */
async function sessionForm(agent: CsrfAgent, url: string) {
  return formFields((await agent.get(url)).text);
}

const eventBase = (w: World, date: string) => ({
  kind: 'apel_gabungan', title: 'Apel Gabungan', date, start_time: '07:30', place: 'Alun-alun', mode: 'gabungan', expected: 'chosen', units: String(w.unitA.id), notes: '', check_in: '1', lat: '', lng: '', radius_m: '',
});
const eventFields: Record<string, FieldSpec> = {
  kind: en, title: text, date, start_time: { kind: 'time' }, place: text, mode: en, expected: en, units: optId, notes: optText, check_in: { kind: 'checkbox', optional: true },
  // The meeting point is blank in the base: any one of its fields given alone is refused (all three or none).
  lat: { kind: 'number', optional: true }, lng: { kind: 'number', optional: true }, radius_m: { kind: 'int', optional: true },
};

export const FORMS: FormCase[] = [
  {
    // A wrong code: refused whatever the other fields hold, so nothing is ever activated.
    name: 'POST /aktivasi',
    actor: 'anon',
    url: () => '/aktivasi',
    base: (w) => ({ nip: w.peopleA[0].nip, kode: 'ABCDE-FGHJK', password: 'apel-senin-pagi-77', confirm: 'apel-senin-pagi-77' }),
    fields: { nip: text, kode: text, password: { kind: 'secret' }, confirm: { kind: 'secret' } },
    noFieldErrors: true,
  },
  {
    // Unit B's person is nobody of unit A: refused, so no code is made.
    name: 'POST /opd/:code/activation',
    actor: 'hr',
    url: (w) => `/opd/${A(w)}/activation`,
    base: (w) => ({ scope: 'chosen', employees: String(w.personB.id) }),
    fields: { scope: en, employees: optId },
    noFieldErrors: true,
  },
  {
    // Unit B's person is not expected at unit A's apel: refused, so no check-in is recorded.
    // The scanner page shows a refusal in one alert above its forms.
    name: 'POST /opd/:code/sessions/:date/scan',
    actor: 'opdA',
    url: (w) => `/opd/${A(w)}/sessions/${THIS_MONDAY}/scan`,
    base: (w) => ({ employee_id: String(w.personB.id) }),
    fields: { employee_id: id, nip: { kind: 'nip', optional: true }, card: optText },
    noFieldErrors: true,
  },
  {
    name: 'POST /pacts',
    actor: 'admin',
    url: () => '/pacts',
    base: () => ({ title: 'Pakta Integritas Netralitas ASN', body: 'Saya menjaga netralitas.', valid_from: '2026-11-01', valid_to: '2026-12-31' }),
    fields: { title: text, body: text, valid_from: date, valid_to: date },
  },
  {
    name: 'POST /pacts/:id',
    actor: 'admin',
    url: (w) => `/pacts/${w.pactId}`,
    base: () => ({ title: 'Pakta Integritas Netralitas ASN', body: 'Saya menjaga netralitas ASN.', valid_from: '2026-11-01', valid_to: '2026-12-31' }),
    fields: { title: text, body: text, valid_from: date, valid_to: date },
  },
  {
    // The employee's confirmation: the box and the fingerprint of the text read; one message above the form.
    name: 'POST /me/pacts/:id',
    actor: 'pegawaiA',
    url: (w) => `/me/pacts/${w.pactId}`,
    base: () => ({ agree: '1', text_sha256: crypto.createHash('sha256').update('Saya menjaga netralitas.').digest('hex') }),
    fields: { agree: { kind: 'checkbox' }, text_sha256: { kind: 'code', optional: true } },
    noFieldErrors: true,
  },
  {
    name: 'POST /login',
    actor: 'anon',
    url: () => '/login',
    base: () => ({ username: 'tidak-ada', password: 'salah-sekali-123', next: '/dashboard' }),
    fields: { username: text, password: { kind: 'secret' }, next: { kind: 'text', optional: true } },
    noFieldErrors: true,
  },
  {
    name: 'POST /opds',
    actor: 'hr',
    url: () => '/opds',
    base: () => ({ code: 'SAPUBARU', name: 'Dinas Baru', kind: 'dinas', parent_id: '', active_from: '2026-01-01' }),
    fields: { code: { kind: 'code' }, name: text, kind: en, parent_id: optId, active_from: date },
  },
  {
    name: 'POST /opds/:code',
    actor: 'hr',
    url: (w) => `/opds/${A(w)}`,
    base: (w) => ({ name: w.unitA.name, kind: 'dinas', parent_id: '', active_from: '2020-01-01' }),
    fields: { name: text, kind: en, parent_id: optId, active_from: date },
  },
  {
    name: 'POST /opds/:code/deactivate',
    actor: 'hr',
    url: (w) => `/opds/${A(w)}/deactivate`,
    base: () => ({ inactive_from: '2026-12-01' }),
    fields: { inactive_from: date },
  },
  {
    name: 'POST /employees',
    actor: 'hr',
    url: () => '/employees',
    base: (w) => ({ nip: freshNip({ gender: 'L' }), name: 'Pegawai Baru', gender: 'L', category: 'PNS', position: '', rank: '', opd_id: String(w.unitA.id), active_from: '2026-01-01' }),
    fields: { nip: { kind: 'nip' }, name: text, gender: en, category: en, position: optText, rank: optText, opd_id: id, active_from: date },
  },
  {
    name: 'POST /employees/:nip',
    actor: 'hr',
    url: (w) => `/employees/${w.peopleA[2].nip}`,
    base: (w) => ({ nip: w.peopleA[2].nip, name: w.peopleA[2].name, gender: w.peopleA[2].gender, category: 'PNS', position: 'Analis', rank: 'III/a' }),
    fields: { nip: { kind: 'nip' }, name: text, gender: en, category: en, position: optText, rank: optText },
  },
  {
    name: 'POST /employees/:nip/transfer',
    actor: 'hr',
    url: (w) => `/employees/${w.peopleA[2].nip}/transfer`,
    base: (w) => ({ opd_id: String(w.unitB.id), effective_date: '2026-11-24' }),
    fields: { opd_id: id, effective_date: date },
  },
  {
    name: 'POST /employees/:nip/deactivate',
    actor: 'hr',
    url: (w) => `/employees/${w.peopleA[2].nip}/deactivate`,
    base: () => ({ reason: 'pensiun', inactive_from: '2026-12-01' }),
    fields: { reason: en, inactive_from: date },
  },
  {
    name: 'POST /employees/import',
    actor: 'hr',
    url: () => '/employees/import',
    base: () => ({ effective_date: '2026-11-24', scope_opd: '' }),
    fields: { effective_date: date, scope_opd: optId },
    file: { field: 'file', name: 'pegawai.csv', content: employeeCsv },
  },
  {
    name: 'POST /employees/import/:id/commit',
    actor: 'hr',
    url: (w) => `/employees/import/${w.employeeImportIds.hr}/commit`,
    base: () => ({}),
    fields: { deactivate_absent: { kind: 'checkbox', optional: true } },
    noFieldErrors: true,
  },
  {
    name: 'POST /admin/users',
    actor: 'admin',
    url: () => '/admin/users',
    base: (w) => ({ username: 'pengguna-baru', display_name: 'Pengguna Baru', email: '', role: 'opd', opd_id: String(w.unitA.id) }),
    fields: { username: { kind: 'code' }, display_name: text, email: { kind: 'email', optional: true }, role: en, opd_id: id },
  },
  {
    name: 'POST /admin/users/:id',
    actor: 'admin',
    url: (w) => `/admin/users/${w.victimUserId}`,
    base: (w) => ({ display_name: 'Korban', email: 'korban@pemda.go.id', role: 'opd', opd_id: String(w.unitB.id) }),
    fields: { display_name: text, email: { kind: 'email', optional: true }, role: en, opd_id: id },
  },
  {
    name: 'POST /admin/tokens',
    actor: 'admin',
    url: () => '/admin/tokens',
    base: (w) => ({ name: 'mesin-absen', role: 'opd', opd_id: String(w.unitA.id) }),
    fields: { name: text, role: en, opd_id: id },
  },
  {
    name: 'POST /opd/:code/sessions/:date',
    actor: 'opdA',
    url: (w) => `/opd/${A(w)}/sessions/2026-11-23`,
    base: async (w, agent) => ({ ...(await sessionForm(agent, `/opd/${A(w)}/sessions/2026-11-23`)), action: 'draft' }),
    fields: (w) => ({
      held: en,
      [`status[${w.peopleA[0].id}]`]: en,
      // Row fields are read as strings only: a repeated note is no note, which a row may have.
      [`note[${w.peopleA[0].id}]`]: { kind: 'text', optional: true, repeatIsBlank: true },
      mode: en,
      start_time: { kind: 'time' },
      ikrar_version: en,
      pembina: optText,
      ikrar_reader: optText,
      location: optText,
      notes: optText,
      version: { kind: 'int' },
      action: optEnum,
    }),
    noFieldErrors: true,
  },
  {
    name: 'POST /opd/:code/sessions/:date (multipart)',
    actor: 'opdA',
    url: (w) => `/opd/${A(w)}/sessions/2026-11-23`,
    base: async (w, agent) => ({ ...(await sessionForm(agent, `/opd/${A(w)}/sessions/2026-11-23`)), action: 'draft' }),
    fields: (w) => ({
      held: en,
      [`status[${w.peopleA[0].id}]`]: en,
      [`note[${w.peopleA[0].id}]`]: { kind: 'text', optional: true, repeatIsBlank: true },
      mode: en,
      notes: optText,
      version: { kind: 'int' },
      action: optEnum,
    }),
    multipart: true,
    noFieldErrors: true,
  },
  {
    name: 'POST /opd/:code/sessions/:date (not held)',
    actor: 'opdA',
    url: (w) => `/opd/${A(w)}/sessions/2026-11-23`,
    base: async (w, agent) => ({
      ...(await sessionForm(agent, `/opd/${A(w)}/sessions/2026-11-23`)),
      held: '0',
      not_held_kind: 'cuaca',
      not_held_reason: 'Hujan lebat',
      action: 'draft',
    }),
    fields: { not_held_kind: en, not_held_reason: text },
    noFieldErrors: true,
  },
  {
    name: 'POST /opd/:code/sessions/:date/reason',
    actor: 'hr',
    url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/reason`,
    base: () => ({ verdict: 'accept' }),
    fields: { verdict: en },
    noFieldErrors: true,
  },
  {
    name: 'POST /corrections/:id/approve',
    actor: 'hr',
    url: (w) => `/corrections/${w.correctionId}/approve`,
    base: () => ({ note: '' }),
    fields: { note: optText },
  },
  {
    name: 'POST /corrections/:id/reject',
    actor: 'hr',
    url: (w) => `/corrections/${w.correctionId}/reject`,
    base: () => ({ note: 'Tidak ada surat' }),
    fields: { note: text },
  },
  {
    name: 'POST /opd/:code/sessions/:date/corrections',
    actor: 'opdA',
    url: (w) => `/opd/${A(w)}/sessions/${LAST_MONDAY}/corrections`,
    base: async (w, agent) => {
      // The world's pending request is swept above; a second one would be refused for that alone.
      await w.db.updateTable('correction_requests').set({ state: 'rejected' }).where('id', '=', w.correctionId).execute();
      return {
        ...(await sessionForm(agent, `/opd/${A(w)}/sessions/${LAST_MONDAY}`)),
        [`status[${w.peopleA[2].id}]`]: 'S',
        reason: 'Surat dokter menyusul',
      };
    },
    fields: { reason: text, mode: en, start_time: { kind: 'time' }, version: { kind: 'int' } },
    noFieldErrors: true,
  },
  {
    name: 'POST /settings',
    actor: 'hr',
    url: () => '/settings',
    base: async (_w, agent) => fieldsOfForm((await agent.get('/settings')).text, 'action="/settings"'),
    fields: {
      rate_amber: { kind: 'number' },
      rate_red: { kind: 'number' },
      tpp_percent_PNS: { kind: 'number', optional: true },
      letter_signer: en,
      tpp_legal_basis: text,
      deadline_days_after: { kind: 'int' },
      deadline_time: { kind: 'time' },
      apel_start_time: { kind: 'time' },
      holiday_policy: en,
      virtual_counts: { kind: 'checkbox', optional: true },
      categories_required: en,
      pemda_name: text,
      signer_nip: { kind: 'nip' },
      csv_separator: en,
      // A blank step removes the rung.
      ladder_pns_step_0: { kind: 'enum', optional: true, unnamed: true },
      ladder_pns_total_0: { kind: 'int', optional: true, unnamed: true },
      ikrar_text_0: text,
    },
  },
  {
    name: 'POST /flags/:nip/:year/follow-ups',
    actor: 'hr',
    url: (w) => `/flags/${w.peopleA[0].nip}/${YEAR}/follow-ups`,
    base: () => ({ step: 'teguran_tertulis', letter_number: '800/1/BKD/2026', letter_date: '2026-11-20', note: '' }),
    fields: { step: en, letter_number: text, letter_date: date, note: optText },
  },
  {
    name: 'POST /flags/:nip/:year/excuse',
    actor: 'hr',
    url: (w) => `/flags/${w.peopleA[0].nip}/${YEAR}/excuse`,
    base: () => ({ pledge_date: LAST_MONDAY, new_status: 'S', cuti_type: '', note: 'Surat dokter', letter_number: '', letter_date: '' }),
    fields: { pledge_date: date, new_status: en, cuti_type: optEnum, note: text, letter_number: optText, letter_date: optDate },
  },
  {
    name: 'POST /events',
    actor: 'hr',
    url: () => '/events',
    base: (w) => eventBase(w, '2026-11-19'),
    fields: eventFields,
  },
  {
    name: 'POST /events/:id',
    actor: 'hr',
    url: (w) => `/events/${w.eventId}`,
    base: (w) => eventBase(w, '2026-11-18'),
    fields: eventFields,
  },
  {
    name: 'POST /holidays',
    actor: 'hr',
    url: () => '/holidays',
    base: () => ({ date: '2026-12-31', name: 'Libur Daerah', kind: 'libur_daerah', source: '', needs_review: '' }),
    fields: { date, name: text, kind: en, source: optText, needs_review: { kind: 'checkbox', optional: true } },
  },
  {
    name: 'POST /holidays/:id',
    actor: 'hr',
    url: (w) => `/holidays/${w.holidayEditId}`,
    base: () => ({ date: '2026-12-22', name: 'Hari Jadi', kind: 'libur_daerah', source: 'Perbup', needs_review: '' }),
    fields: { date, name: text, kind: en, source: optText },
  },
  {
    name: 'POST /holidays/prefill',
    actor: 'hr',
    url: () => '/holidays/prefill',
    base: () => ({ year: '2031' }),
    // A blank year is this year, by design: the calendar page's own default.
    fields: { year: { kind: 'int', optional: true } },
    noFieldErrors: true,
  },
  {
    name: 'POST /holidays/official',
    actor: 'hr',
    url: () => '/holidays/official',
    base: () => ({ year: '2025' }),
    fields: { year: { kind: 'int', optional: true } },
    noFieldErrors: true,
  },
  {
    name: 'POST /absences',
    actor: 'opdA',
    url: () => '/absences',
    base: (w) => ({ nip: w.peopleA[2].nip, status: 'DL', cuti_type: '', start_date: '2026-12-07', end_date: '2026-12-08', document_ref: 'ST/9/2026', note: '' }),
    fields: { nip: { kind: 'nip' }, status: en, cuti_type: optEnum, start_date: date, end_date: date, document_ref: text, note: optText },
  },
  {
    // pegawaiA's own request with a real PDF; the world's pending request is on 30 November.
    name: 'POST /me/requests',
    actor: 'pegawaiA',
    url: () => '/me/requests',
    base: () => ({ kind: 'C', cuti_type: 'tahunan', start_date: '2026-12-07', end_date: '2026-12-08', reason: 'Urusan keluarga', letter_ref: '' }),
    fields: { kind: en, cuti_type: optEnum, start_date: date, end_date: date, reason: text, letter_ref: optText },
    file: { field: 'letter', name: 'surat.pdf', content: () => '%PDF-1.4\n%%EOF\n' },
  },
  {
    name: 'POST /requests/:id/approve',
    actor: 'hr',
    url: (w) => `/requests/${w.requestId}/approve`,
    base: () => ({ note: '' }),
    fields: { note: optText },
    noFieldErrors: true,
  },
  {
    name: 'POST /requests/:id/reject',
    actor: 'hr',
    url: (w) => `/requests/${w.requestId}/reject`,
    base: () => ({ note: 'Surat tidak terbaca' }),
    fields: { note: text },
    noFieldErrors: true,
  },
  {
    name: 'POST /account/password',
    actor: 'account',
    url: () => '/account/password',
    base: () => ({ current: TEST_PASSWORD, password: 'Kata-Sandi-Baru-2026!', confirm: 'Kata-Sandi-Baru-2026!' }),
    fields: { current: { kind: 'secret' }, password: { kind: 'secret' }, confirm: { kind: 'secret' } },
  },
  {
    name: 'POST /account/language',
    actor: 'account',
    url: () => '/account/language',
    base: () => ({ language: 'en' }),
    fields: { language: en },
    noFieldErrors: true,
  },
];

/** Upload forms: the file itself is the hostile input. */
export interface UploadCase {
  name: string;
  actor: 'opdA' | 'hr';
  url: (w: World) => string;
  fields: (w: World) => Record<string, string>;
  field: string;
}

export const UPLOADS: UploadCase[] = [
  { name: 'POST /employees/import', actor: 'hr', url: () => '/employees/import', fields: () => ({ effective_date: '2026-11-24', scope_opd: '' }), field: 'file' },
  { name: 'POST /absences/import', actor: 'opdA', url: () => '/absences/import', fields: () => ({}), field: 'file' },
  { name: 'POST /opd/:code/sessions/:date/import', actor: 'opdA', url: (w) => `/opd/${A(w)}/sessions/2026-11-23/import`, fields: () => ({}), field: 'file' },
];

export { absenceCsv, employeeCsv };
