import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../policy/rules';

/*
 * Portable column types (one codebase, SQLite and PostgreSQL):
 * dates are 'YYYY-MM-DD' text, timestamps ISO-8601 UTC text, booleans 0/1 integers,
 * JSON documents text. Counts read back from PostgreSQL aggregates must go through Number().
 */
type DateText = string;
type Timestamp = string;
type Flag = number;

// The roles belong to the rules of who may do what (src/policy/rules.ts).
export { STAFF_ROLES, type Role, type StaffRole } from '../policy/rules';

export const CATEGORIES = ['PNS', 'CPNS', 'PPPK', 'PPPK_PW', 'NON_ASN'] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['H', 'HD', 'TL', 'DL', 'S', 'I', 'C', 'TB', 'TK'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses a planned absence may pre-fill; CLTN takes the person out of the roll-call entirely. */
export const PLANNED_STATUSES = ['DL', 'C', 'S', 'I', 'TB', 'CLTN'] as const;
export type PlannedStatus = (typeof PLANNED_STATUSES)[number];

export const CUTI_TYPES = ['tahunan', 'besar', 'sakit', 'melahirkan', 'alasan_penting', 'bersama'] as const;
export const OPD_KINDS = [
  'sekretariat',
  'inspektorat',
  'dinas',
  'badan',
  'kecamatan',
  'kelurahan',
  'rsud',
  'bagian',
  'uptd',
  'lainnya',
] as const;
export const HOLIDAY_KINDS = ['libur_nasional', 'cuti_bersama', 'libur_daerah', 'apel_ditiadakan'] as const;
export const SESSION_MODES = ['langsung', 'daring', 'hybrid', 'gabungan'] as const;
/** Events besides the weekly apel (docs/DESIGN.md, "Employees, check-in and events"). */
export const EVENT_KINDS = ['apel_gabungan', 'hut_korpri', 'hari_kesadaran_nasional', 'ikrar_netralitas', 'lainnya'] as const;
export const NOT_HELD_REASONS = ['cuaca_bencana', 'kegiatan_dinas', 'lainnya'] as const;

/** A nullable text column that inserts may leave out. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;
/** A nullable number column that inserts may leave out. */
type OptionalNumber = ColumnType<number | null, number | null | undefined, number | null>;

export interface OpdTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  active_from: DateText;
  active_to: DateText | null;
  /** The unit head who signs a reprimand; optional (the letter leaves a marked blank). */
  head_name: OptionalText;
  head_rank: OptionalText;
  head_nip: OptionalText;
  /** The unit's apel uses check-in: its roll-call starts from the evidence. */
  check_in: Generated<Flag>;
  /** The apel point of a geofence (WGS84 degrees, radius in metres); null = no geofence. */
  apel_lat: OptionalNumber;
  apel_lng: OptionalNumber;
  apel_radius_m: OptionalNumber;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmployeeTable {
  id: Generated<number>;
  nip: string;
  name: string;
  gender: 'L' | 'P';
  category: Category;
  position: string | null;
  rank: string | null;
  active_from: DateText;
  /** Last day of service; null while in service. */
  active_to: DateText | null;
  end_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An employee's unit over time: [start_date, end_date) with end_date exclusive, null = open. */
export interface AssignmentTable {
  id: Generated<number>;
  employee_id: number;
  opd_id: number;
  start_date: DateText;
  end_date: DateText | null;
  created_at: Timestamp;
}

export interface HolidayTable {
  id: Generated<number>;
  date: DateText;
  name: string;
  kind: string;
  source: string | null;
  needs_review: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * One OPD's apel on one pledge date. The total columns are a rollup of its attendance rows,
 * maintained in the same transaction as every write so dashboards never scan attendance.
 */
export interface SessionTable {
  id: Generated<number>;
  opd_id: number;
  pledge_date: DateText;
  state: 'draft' | 'submitted';
  held: Flag;
  not_held_kind: string | null;
  not_held_reason: string | null;
  /** hr's verdict on a not-held reason: null = not reviewed, 1 accepted, 0 rejected. */
  reason_accepted: Flag | null;
  mode: string | null;
  start_time: string | null;
  pembina: string | null;
  ikrar_reader: string | null;
  ikrar_version: string | null;
  location: string | null;
  notes: string | null;
  /** The session's photo (files). */
  photo_file_id: number | null;
  /** Before 0.2.0: a file under DATA_DIR/photos, moved into files at start-up (src/features/sessions/photo-move-in.ts). */
  photo_path: string | null;
  photo_mime: string | null;
  version: Generated<number>;
  submitted_by: number | null;
  submitted_at: Timestamp | null;
  late: Generated<Flag>;
  expected_count: Generated<number>;
  excused_count: Generated<number>;
  compliant_count: Generated<number>;
  count_h: Generated<number>;
  count_hd: Generated<number>;
  count_tl: Generated<number>;
  count_dl: Generated<number>;
  count_s: Generated<number>;
  count_i: Generated<number>;
  count_c: Generated<number>;
  count_tb: Generated<number>;
  count_tk: Generated<number>;
  /** H and TL rows backed by an accepted (or unreviewed) check-in: the verified share's numerator. */
  count_verified: Generated<number>;
  /** compliant / (expected - excused), null when that denominator is 0. */
  rate: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
  /** The event this roll-call belongs to (an expected unit's session on the event's date). */
  event_id: number | null;
  /** Counts toward compliance like a weekly apel (migration 070); 0 for an uncounted event's roll-call. */
  counted: Generated<Flag>;
}

/** One row per (session, employee); opd_id and pledge_date are copied for report scans. */
export interface AttendanceTable {
  session_id: number;
  employee_id: number;
  opd_id: number;
  pledge_date: DateText;
  status: Status;
  cuti_type: string | null;
  note: string | null;
  planned_absence_id: number | null;
}

export interface PlannedAbsenceTable {
  id: Generated<number>;
  employee_id: number;
  status: PlannedStatus;
  cuti_type: string | null;
  start_date: DateText;
  end_date: DateText;
  document_ref: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  cancelled_by: number | null;
  cancelled_at: Timestamp | null;
}

export const REQUEST_KINDS = ['I', 'S', 'DL', 'C'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** An employee's own request for an absence, with its letter in request_files. */
export interface AbsenceRequestTable {
  id: Generated<number>;
  employee_id: number;
  /** The unit the employee worked in when filing: its operator decides. */
  opd_id: number;
  kind: RequestKind;
  cuti_type: string | null;
  start_date: DateText;
  end_date: DateText;
  reason: string;
  /** The letter's number as the employee typed it, if it has one. */
  letter_ref: string | null;
  state: 'pending' | 'approved' | 'rejected';
  filed_by: number;
  filed_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  planned_absence_id: number | null;
}

/** The letter of a request, its bytes in the database (BLOB / bytea). */
export interface RequestFileTable {
  id: Generated<number>;
  request_id: number;
  mime: string;
  size: number;
  data: Buffer;
  created_at: Timestamp;
}

/** A stored file's bytes and what is known of them (src/features/files/file-store.ts). */
export interface FileTable {
  id: Generated<number>;
  kind: string;
  mime: string;
  size: number;
  /** Hex SHA-256 of data. */
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface CorrectionRequestTable {
  id: Generated<number>;
  session_id: number;
  requested_by: number;
  requested_at: Timestamp;
  reason: string;
  /** JSON: { session?: {...fields}, attendance?: [{ employee_id, status, cuti_type?, note? }] } */
  changes: string;
  base_version: number;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

/** hr's action on an employee flag; a flag is open while tk_count exceeds every covered count. */
export interface FollowUpTable {
  id: Generated<number>;
  employee_id: number;
  year: number;
  step: string;
  tk_count_covered: number;
  letter_number: string | null;
  letter_date: DateText | null;
  note: string | null;
  /** For 'alasan_diterima': the attendance row rewritten and its new status. */
  session_id: number | null;
  new_status: string | null;
  created_by: number;
  created_at: Timestamp;
}

/** Rollup per employee and calendar year, maintained with every roll-call write. */
export interface EmployeeYearStatsTable {
  employee_id: number;
  year: number;
  tk_count: number;
  /** Consecutive TK pledge dates ending at last_pledge_date. */
  tk_streak: number;
  max_streak: number;
  last_pledge_date: DateText | null;
  updated_at: Timestamp;
  /** Unit of the year's last roll-call: the OPD a flag is attributed to (migration 040). */
  opd_id: number | null;
  /** Recommended step under the ladder in force, null when no rung is reached. */
  step: string | null;
  /** TK count covered by the latest follow-up (0 when none). */
  covered: Generated<number>;
  /** 1 when step is set and tk_count > covered. */
  open_flag: Generated<Flag>;
}

export interface SettingTable {
  key: string;
  value: string;
  type: 'string' | 'number' | 'boolean' | 'json';
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  /** argon2 hash of the last temporary password an admin saw; the user may not choose it. */
  temp_password_hash: string | null;
  role: Role;
  opd_id: number | null;
  /** The employee a pegawai account stands for (unique); null for staff accounts. */
  employee_id: ColumnType<number | null, number | null | undefined, number | null>;
  language: string | null;
  active: Generated<Flag>;
  must_change_password: Generated<Flag>;
  password_changed_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The latest activation code of an employee: an HMAC of NIP and code, never the code. */
export interface ActivationCodeTable {
  id: Generated<number>;
  employee_id: number;
  code_hash: string;
  expires_at: Timestamp;
  created_by: number | null;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** An integrity pact published for a period (valid_from..valid_to, inclusive local dates). */
export interface PactTable {
  id: Generated<number>;
  title: string;
  body: string;
  valid_from: DateText;
  valid_to: DateText;
  closed_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One employee's signature of a pact: the evidence of it. */
export interface PactSignatureTable {
  id: Generated<number>;
  pact_id: number;
  employee_id: number;
  /** The employee's unit when they signed. */
  opd_id: number | null;
  signed_at: Timestamp;
  ip: string;
  user_agent: string;
  /** SHA-256 (hex) of the pact's text as signed. */
  text_sha256: string;
}

/** The current version of an employee's card; no row is version 1. */
export interface EmployeeCardTable {
  employee_id: number;
  version: number;
  reissued_by: number | null;
  reissued_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  token_prefix: string;
  role: Role;
  opd_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginSessionTable {
  sid: string;
  user_id: number | null;
  data: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** The unique (job, planned_at) pair is the lock that makes a run happen once across instances. */
export interface JobRunTable {
  id: Generated<number>;
  job: string;
  planned_at: Timestamp;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: 'running' | 'ok' | 'error' | 'skipped';
  detail: string | null;
  instance_id: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  opd_id: number | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

/** An uploaded import held between preview and commit. */
export interface ImportTable {
  id: Generated<number>;
  kind: string;
  user_id: number;
  opd_id: number | null;
  filename: string;
  payload: string;
  created_at: Timestamp;
  committed_at: Timestamp | null;
}

/** rate-limiter-flexible's counters (its columns): expire is epoch milliseconds, null never. */
export interface RateLimitTable {
  key: string;
  points: number;
  expire: number | null;
}

/** A Pemda-wide or multi-unit ceremony; all_units = 0 names its units in event_units. */
export interface EventTable {
  id: Generated<number>;
  kind: string;
  title: string;
  date: DateText;
  /** HH:mm local. */
  start_time: string;
  place: string;
  mode: string;
  all_units: Flag;
  check_in: Flag;
  lat: OptionalNumber;
  lng: OptionalNumber;
  radius_m: OptionalNumber;
  notes: OptionalText;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventUnitTable {
  event_id: number;
  opd_id: number;
}

export type CheckInMethod = 'self' | 'scan';
export type CheckInPlace = 'inside' | 'outside' | 'missing';
export type CheckInReview = 'pending' | 'accepted' | 'rejected';

/**
 * The evidence behind a Hadir: one per employee and apel (opd_id, pledge_date, event_id null) or
 * event (event_id). opd_id is the employee's unit on that date, so events report per unit.
 */
export interface CheckInTable {
  id: Generated<number>;
  opd_id: number;
  pledge_date: DateText;
  event_id: number | null;
  employee_id: number;
  checked_in_at: Timestamp;
  method: CheckInMethod;
  recorded_by: number | null;
  /** The browser's id cookie (self check-in): two employees from one device is "titip absen". */
  device: OptionalText;
  lat: OptionalNumber;
  lng: OptionalNumber;
  accuracy_m: OptionalNumber;
  place: ColumnType<CheckInPlace | null, CheckInPlace | null | undefined, CheckInPlace | null>;
  review: ColumnType<CheckInReview | null, CheckInReview | null | undefined, CheckInReview | null>;
  /** Why it waits for review, a message key: 'outside' | 'no_location' | 'same_device'. */
  review_reason: OptionalText;
  reviewed_by: OptionalNumber;
  reviewed_at: OptionalText;
}

export interface Database {
  opds: OpdTable;
  employees: EmployeeTable;
  assignments: AssignmentTable;
  holidays: HolidayTable;
  sessions: SessionTable;
  attendance: AttendanceTable;
  planned_absences: PlannedAbsenceTable;
  correction_requests: CorrectionRequestTable;
  absence_requests: AbsenceRequestTable;
  request_files: RequestFileTable;
  files: FileTable;
  follow_ups: FollowUpTable;
  employee_year_stats: EmployeeYearStatsTable;
  settings: SettingTable;
  users: UserTable;
  activation_codes: ActivationCodeTable;
  pacts: PactTable;
  pact_signatures: PactSignatureTable;
  employee_cards: EmployeeCardTable;
  api_tokens: ApiTokenTable;
  login_sessions: LoginSessionTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  job_runs: JobRunTable;
  audit_log: AuditLogTable;
  imports: ImportTable;
  rate_limits: RateLimitTable;
  events: EventTable;
  event_units: EventUnitTable;
  check_ins: CheckInTable;
}

export type Opd = Selectable<OpdTable>;
export type NewOpd = Insertable<OpdTable>;
export type OpdUpdate = Updateable<OpdTable>;
/** A unit and the days it exists (active_to is its last day): what reports and imports need of it. */
export type OpdPeriod = Pick<Opd, 'id' | 'code' | 'name' | 'active_from' | 'active_to'>;
export type Event = Selectable<EventTable>;
export type CheckIn = Selectable<CheckInTable>;
export type Employee = Selectable<EmployeeTable>;
export type NewEmployee = Insertable<EmployeeTable>;
export type EmployeeUpdate = Updateable<EmployeeTable>;
export type Holiday = Selectable<HolidayTable>;
export type NewHoliday = Insertable<HolidayTable>;
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type SessionUpdate = Updateable<SessionTable>;
export type NewAttendance = Insertable<AttendanceTable>;
export type PlannedAbsence = Selectable<PlannedAbsenceTable>;
export type CorrectionRequest = Selectable<CorrectionRequestTable>;
export type AbsenceRequest = Selectable<AbsenceRequestTable>;
export type FollowUp = Selectable<FollowUpTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type Notification = Selectable<NotificationTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Pact = Selectable<PactTable>;
