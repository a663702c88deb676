import { CATEGORIES, CUTI_TYPES, EVENT_KINDS, NOT_HELD_REASONS, SESSION_MODES, STATUSES } from '../../db/database';

/*
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every API body. Objects are closed
 * (additionalProperties: false) and every key is required, null where there is no value, so the
 * tests that validate real responses against them catch any drift in either direction.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const date: Schema = { type: 'string', format: 'date', example: '2026-11-23' };
const timestamp: Schema = { type: 'string', format: 'date-time' };
const rate: Schema = { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'A share 0..1; null when there is nothing to divide by.' };
// The one attendance rate (docs/DESIGN.md, Rates); the mean of session rates carries another name.
const POOLED_RATE: Schema = {
  ...rate,
  description: 'Attendance rate: compliant ÷ (expected − excused), summed over every attendance row of the period; the number every page shows.',
};
const MEAN_SESSION_RATE: Schema = { ...rate, description: 'Mean of the session rates (rata-rata per apel); not the attendance rate.' };
const VERIFIED_SHARE: Schema = { ...rate, description: 'Verified share (terverifikasi): verified ÷ present; null when nobody was present.' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
export function obj(properties: Record<string, Schema>, description?: string, required = Object.keys(properties)): Schema {
  return { type: 'object', additionalProperties: false, required, properties, ...(description ? { description } : {}) };
}
const opdRef = obj({ code: str, name: str });
const flag = obj({
  code: { enum: ['belum_lapor', 'terlambat_lapor', 'tidak_dilaksanakan', 'kehadiran_rendah'] },
  level: { enum: ['red', 'amber'] },
});
const sessionState: Schema = {
  enum: ['belum_diisi', 'draf', 'terkirim', 'terlambat', 'terkunci'],
  description: 'belum_diisi nothing saved · draf saved, not submitted · terkirim submitted on time · terlambat submitted late · terkunci on time and past the deadline (opd users can only request corrections)',
};

const statusCounts = obj(Object.fromEntries(STATUSES.map((s) => [s, int])), 'People per attendance status.');

const figures = {
  expected_weeks: int,
  submitted: int,
  on_time: int,
  late: int,
  flagged_weeks: int,
  overdue: { ...int, description: 'Expected weeks without a report after their deadline (belum lapor).' },
  compliance: { ...rate, description: 'Weeks without a flag / expected weeks.' },
  mean_session_rate: MEAN_SESSION_RATE,
  rate: POOLED_RATE,
  tk: int,
  present: { ...int, description: 'Hadir and Terlambat rows of the submitted, held sessions.' },
  verified: { ...int, description: 'Of those, the rows backed by an accepted (or unreviewed) check-in.' },
  verified_share: VERIFIED_SHARE,
};

const monthlyUnit = obj({
  opd: nullable(opdRef),
  expected_weeks: int,
  on_time: int,
  late: int,
  not_logged: int,
  pending: int,
  not_held: int,
  flagged_weeks: int,
  compliance: rate,
  rate: POOLED_RATE,
  mean_session_rate: MEAN_SESSION_RATE,
  tk: int,
  counts: statusCounts,
});

export const schemas: Record<string, Schema> = {
  Error: obj(
    {
      error: obj({
        code: { type: 'string', example: 'validation' },
        message: { type: 'string', description: "In the client's Accept-Language (id or en)." },
        details: arrayOf(obj({ path: { type: 'string', example: 'attendance.199001012015031001' }, message: str })),
      }),
    },
    'Every error: a machine code, a readable message and, where it applies, one detail per field or row.',
  ),
  Opd: obj({
    code: { type: 'string', example: 'DISKOMINFO' },
    name: str,
    kind: str,
    parent_code: nullable(str),
    active_from: date,
    active_to: nullable(date),
  }),
  OpdList: obj({ data: arrayOf(ref('Opd')) }),
  Employee: obj({
    nip: { type: 'string', example: '199001012015031001' },
    name: str,
    category: { enum: [...CATEGORIES] },
    position: nullable(str),
    active_to: nullable(date),
    opd: nullable(opdRef),
  }),
  Page: obj({ page: { type: 'integer', minimum: 1 }, per_page: { type: 'integer', minimum: 1 }, total: int, pages: { type: 'integer', minimum: 1 } }),
  EmployeeList: obj({ data: arrayOf(ref('Employee')), page: ref('Page') }),
  Compliance: obj({
    period: obj({ kind: { enum: ['week', 'month'] }, from: date, to: date }),
    pledge_dates: arrayOf(date),
    reference_date: { ...nullable(date), description: 'The week the belum-lapor list is about: the last pledge date of the period so far.' },
    generated_at: timestamp,
    thresholds: obj({ rate_amber: rate, rate_red: rate }),
    headline: obj({
      expected_weeks: int,
      on_time: int,
      on_time_share: rate,
      rate,
      tk: int,
      open_flags: int,
      overdue: int,
      compliance: rate,
      verified_share: VERIFIED_SHARE,
    }),
    opds: arrayOf(
      obj({
        code: str,
        name: str,
        ...figures,
        open_flags: int,
        weeks: arrayOf(obj({ pledge_date: date, state: nullable(sessionState), rate, flags: arrayOf(flag) })),
      }, 'Worst first.'),
    ),
    belum_lapor: arrayOf(
      obj({
        code: str,
        name: str,
        pledge_date: date,
        state: sessionState,
        missing_weeks: { type: 'integer', minimum: 1 },
        since: date,
        overdue_hours: nullable(int),
      }),
    ),
  }),
  MonthlyReport: obj({
    month: { type: 'string', pattern: '^\\d{4}-\\d{2}$', example: '2026-11' },
    from: date,
    to: date,
    opd: nullable(opdRef),
    category: nullable({ enum: [...CATEGORIES] }),
    generated_at: timestamp,
    pledge_dates: arrayOf(date),
    tpp: obj({
      percent_per_tk: { ...nullable({ type: 'number', minimum: 0 }), description: 'The PNS rate; see percent_by_category.' },
      percent_by_category: obj(Object.fromEntries(CATEGORIES.map((c) => [c, nullable({ type: 'number', minimum: 0, maximum: 100 })]))),
      legal_basis: str,
    }),
    units: arrayOf(monthlyUnit),
    totals: monthlyUnit,
    employees: obj({
      data: arrayOf(
        obj({
          nip: str,
          name: str,
          position: nullable(str),
          rank: nullable(str),
          category: { enum: [...CATEGORIES] },
          units: arrayOf(obj({ code: str, name: str, dates: arrayOf(date) })),
          counts: statusCounts,
          sessions: int,
          rate,
          tk: int,
          tpp_deduction_percent: { ...nullable({ type: 'number', minimum: 0, maximum: 100 }), description: 'Null where the category gets no TPP cut.' },
          year_tk: int,
          streak: int,
          open_step: nullable(str),
        }),
      ),
      next_after: { ...nullable({ type: 'integer' }), description: 'Pass as `after=` for the next page; null on the last page.' },
    }),
  }),
  Session: obj({
    opd: opdRef,
    pledge_date: date,
    deadline: timestamp,
    state: sessionState,
    locked: { ...bool, description: 'Past the deadline: opd tokens can no longer change it.' },
    overdue: { ...bool, description: 'Past the deadline without a submission (belum lapor).' },
    version: { ...int, description: 'Also the ETag; send it back in If-Match. 0 before the first save.' },
    session: nullable(
      obj({
        held: bool,
        not_held_kind: nullable({ enum: [...NOT_HELD_REASONS] }),
        not_held_reason: nullable(str),
        reason_accepted: nullable(bool),
        mode: nullable({ enum: [...SESSION_MODES] }),
        start_time: nullable({ type: 'string', pattern: '^\\d{2}:\\d{2}$' }),
        pembina: nullable(str),
        ikrar_reader: nullable(str),
        ikrar_version: nullable(str),
        location: nullable(str),
        notes: nullable(str),
        submitted: bool,
        submitted_at: nullable(timestamp),
        late: bool,
        updated_at: timestamp,
        totals: obj({
          expected: int,
          excused: int,
          compliant: int,
          rate,
          counts: statusCounts,
          verified: { ...int, description: 'H and TL rows backed by an accepted (or unreviewed) check-in.' },
          verified_share: VERIFIED_SHARE,
        }),
      }),
    ),
    attendance: arrayOf(
      obj({
        nip: str,
        name: str,
        position: nullable(str),
        category: { enum: [...CATEGORIES] },
        status: { ...nullable({ enum: [...STATUSES] }), description: 'null: "belum hadir", a draft of a unit that uses check-in where this person has neither a check-in nor a status yet.' },
        cuti_type: nullable({ enum: [...CUTI_TYPES] }),
        note: nullable(str),
        planned_absence: nullable(obj({ status: str, cuti_type: nullable(str), document_ref: str })),
        saved: { ...bool, description: 'false: not saved yet, the status is the pre-filled one (the check-in, the planned absence, or H when the unit does not use check-in).' },
        checked_in_at: { ...nullable(timestamp), description: 'When the person checked in to this apel (not rejected); null without a check-in.' },
      }),
    ),
  }),
  RollCall: obj(
    {
      held: bool,
      not_held_kind: nullable({ enum: [...NOT_HELD_REASONS] }),
      not_held_reason: nullable({ type: 'string', maxLength: 500 }),
      mode: nullable({ enum: [...SESSION_MODES] }),
      start_time: nullable({ type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '07:30' }),
      pembina: nullable({ type: 'string', maxLength: 120 }),
      ikrar_reader: nullable({ type: 'string', maxLength: 120 }),
      ikrar_version: nullable({ type: 'string', maxLength: 40, example: '2024' }),
      location: nullable({ type: 'string', maxLength: 200 }),
      notes: nullable({ type: 'string', maxLength: 1000 }),
      submit: { ...bool, default: false, description: 'Submit now (late if after the deadline). A submitted session stays submitted.' },
      attendance: {
        ...arrayOf(
          obj(
            {
              nip: str,
              status: { enum: [...STATUSES] },
              cuti_type: nullable({ enum: [...CUTI_TYPES] }),
              note: nullable({ type: 'string', maxLength: 200 }),
            },
            undefined,
            ['nip', 'status'],
          ),
        ),
        description: 'Exactly one row per expected attendee (see GET); ignored when held is false.',
      },
    },
    'A held apel needs mode, start_time and ikrar_version; a not-held one not_held_kind and not_held_reason.',
    ['held'],
  ),
  EventSummary: obj(
    {
      id: { type: 'integer', minimum: 1 },
      kind: { enum: [...EVENT_KINDS] },
      title: str,
      date,
      start_time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
      place: str,
      mode: { enum: [...SESSION_MODES] },
      all_units: { ...bool, description: 'Every unit active on the date is expected.' },
      units: nullable({ ...arrayOf(str), description: 'Codes of the expected units (an opd token: its own); null for an all-unit event and in the list.' }),
      counted: { ...bool, description: 'The kind counts toward compliance and TPP like a weekly apel (setting event_kinds_counted).' },
      notes: nullable(str),
    },
    'An event besides the weekly apel.',
  ),
  EventList: obj({ data: arrayOf(ref('EventSummary')) }),
  EventUnit: obj(
    {
      code: str,
      name: str,
      state: sessionState,
      held: nullable(bool),
      expected: nullable(int),
      hadir: nullable({ ...int, description: 'Compliant (Hadir, Terlambat, and Hadir daring when it counts).' }),
      excused: nullable(int),
      tk: nullable(int),
      rate: { ...rate, description: 'The unit roll-call rate: compliant ÷ (expected − excused); null until logged as held.' },
      checked_in: int,
    },
    "One expected unit's roll-call for the event: its session on the event's date.",
  ),
  EventDetail: obj({
    id: { type: 'integer', minimum: 1 },
    kind: { enum: [...EVENT_KINDS] },
    title: str,
    date,
    start_time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    place: str,
    mode: { enum: [...SESSION_MODES] },
    all_units: bool,
    units: nullable(arrayOf(str)),
    counted: bool,
    notes: nullable(str),
    joint: { ...bool, description: "The date is a pledge date: the expected units' weekly apel is held in the event." },
    deadline: timestamp,
    totals: obj({ units: int, logged: int, expected: int, hadir: int, rate: POOLED_RATE, checked_in: int }),
    figures: arrayOf(ref('EventUnit')),
  }),
};
