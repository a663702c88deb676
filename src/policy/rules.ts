/*
 * Who may do what: the one table to read to learn the rules. Every route, service, API handler
 * and export asks src/policy/policy.ts, which reads only this table; nothing else compares roles.
 *
 * Each action lists the roles that may do it and over which units:
 *   'all'  every unit (and things that belong to no unit: settings, holidays, accounts)
 *   'own'  only the user's own unit; another unit's data is a 404, so its existence is not
 *          confirmed. On a list or a page without a unit, 'own' narrows it to the own unit.
 * A role missing from an action may not do it (403). Adding a role means adding it to ROLES and
 * to the actions it may do here; routes, services and the navigation follow from the table.
 */

export const ROLES = ['admin', 'hr', 'sekda', 'opd', 'pegawai'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles an administrator gives by hand (accounts and API tokens). A pegawai account stands
 * for one employee and comes only from activation with a code (src/features/activation).
 */
export const STAFF_ROLES = ['admin', 'hr', 'sekda', 'opd'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Scope = 'all' | 'own';
export type Grants = Readonly<Partial<Record<Role, Scope>>>;

/** admin and hr run the Pemda-wide administration of attendance. */
const STAFF = { admin: 'all', hr: 'all' } as const;
/** Everyone reads; sekda (Sekda, Inspektorat) reads everything, an opd user its own unit. */
const READERS = { ...STAFF, sekda: 'all', opd: 'own' } as const;
/** Every staff account, whatever the unit: the rules that judge them. */
const EVERYONE = { ...STAFF, sekda: 'all', opd: 'all' } as const;

export const RULES = {
  // Administration of the instance.
  'users.manage': { admin: 'all' },
  'tokens.manage': { admin: 'all' },
  'jobs.read': { admin: 'all' },
  // Why /healthz is not ok, and which migrations ran: for the instance's administrator only.
  'health.details': { admin: 'all' },

  // Rules and calendar: instance-wide, read by all.
  'settings.read': EVERYONE,
  'settings.edit': STAFF,
  'holidays.read': EVERYONE,
  'holidays.edit': STAFF,
  /** Events besides the weekly apel: an opd user reads those that expect its unit. */
  'events.read': READERS,
  'events.edit': STAFF,

  // Master data: units and people (edits, transfers, deactivation) and the employee import.
  'opds.read': READERS,
  'opds.edit': STAFF,
  'employees.read': READERS,
  'employees.edit': STAFF,
  'imports.run': STAFF,

  // The Monday session and its roll-call (the form, its CSV import and the API).
  'session.read': READERS,
  'session.edit': { ...STAFF, opd: 'own' },
  /** After the deadline an opd user asks for a correction; admin and hr edit directly. */
  'session.editLocked': STAFF,
  /** The verdict on why an apel was not held. */
  'session.judgeReason': STAFF,
  'correction.request': { opd: 'own' },
  'correction.decide': STAFF,

  // Planned absences (izin, sakit, DL, cuti), one by one or imported.
  'absences.read': READERS,
  'absences.edit': { ...STAFF, opd: 'own' },

  // Compliance: the dashboard (an opd user's is its unit page), flags, reports, the audit trail.
  'dashboard.read': READERS,
  'flags.read': READERS,
  'flags.followUp': STAFF,
  'reports.read': READERS,
  'audit.read': READERS,

  // Employee accounts: hr hands out activation codes for any unit, a unit's operator for its own.
  'activation.manage': { ...STAFF, opd: 'own' },
  /** An employee's own page (/me): 'own' is their own record, the unit is where they work today. */
  'me.read': { pegawai: 'own' },
  /** Employee cards with a signed QR code: printed per unit, and one re-issued (the old one stops working). */
  'cards.manage': { ...STAFF, opd: 'own' },
  /** At the apel, the officer scans employees' cards (or finds a person whose card is lost) to record their check-in. */
  'checkin.scan': { ...STAFF, opd: 'own' },

  // Check-in at the apel (docs/DESIGN.md, "Employees, check-in and events"): the unit's operator,
  // hr and admin run a unit's QR screen and review its check-ins; events are Pemda-wide, so
  // their screen and list are hr's and admin's; an employee checks in themselves only.
  'checkin.screen': { ...STAFF, opd: 'own' },
  'checkin.review': { ...STAFF, opd: 'own' },
  'checkin.event': STAFF,
  /**
   * At an event, hr and admin scan anyone the event expects; a unit's operator scans at an event
   * that expects its unit, and records only its own unit's people ('own': another unit's person
   * is refused as not expected, so the answer confirms nothing about them).
   */
  'checkin.eventScan': { ...STAFF, opd: 'own' },
  'checkin.self': { pegawai: 'own' },

  // The integrity pact: the administrator publishes it, each employee signs their own, and the
  // readers follow who signed per unit (an opd user its own unit).
  'pacts.manage': { admin: 'all' },
  'pacts.read': READERS,
  'pacts.sign': { pegawai: 'own' },

  /** An employee asks for izin, sakit, dinas luar or cuti with a letter: only for themselves. */
  'requests.file': { pegawai: 'own' },
  /** The unit's operator decides its people's requests; hr and admin any unit's. */
  'requests.decide': { ...STAFF, opd: 'own' },
  /** A request and its letter: the employee's own, their unit's operator, hr and admin (not sekda). */
  'requests.read': { ...STAFF, opd: 'own', pegawai: 'own' },

  // One's own account and notices: everyone signed in, employees included.
  'account.use': { ...EVERYONE, pegawai: 'all' },
} as const satisfies Record<string, Grants>;

export type Action = keyof typeof RULES;

export const ACTIONS = Object.keys(RULES) as Action[];
