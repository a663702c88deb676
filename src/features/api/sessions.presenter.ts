import { verifiedShare } from '../compliance/weeks';
import { NOT_YET, startValue } from '../sessions/evidence';
import type { SessionPage } from '../sessions/sessions.service';

/**
 * A session as the API shows it. Before anything is saved the roll-call is the form's starting
 * point (`saved: false` on those rows): everyone H, planned absences filled in; when the unit
 * uses check-in, the check-ins instead of H and null ("belum hadir") for the rest.
 */
export function presentSession(page: SessionPage) {
  const { target, session: s, info } = page;
  return {
    opd: { code: target.opd.code, name: target.opd.name },
    pledge_date: target.pledgeDate,
    deadline: target.deadline,
    state: info.state,
    locked: info.locked,
    overdue: info.overdue,
    version: s?.version ?? 0,
    session: s
      ? {
          held: s.held === 1,
          not_held_kind: s.not_held_kind,
          not_held_reason: s.not_held_reason,
          reason_accepted: s.reason_accepted == null ? null : s.reason_accepted === 1,
          mode: s.mode,
          start_time: s.start_time,
          pembina: s.pembina,
          ikrar_reader: s.ikrar_reader,
          ikrar_version: s.ikrar_version,
          location: s.location,
          notes: s.notes,
          submitted: s.state === 'submitted',
          submitted_at: s.submitted_at,
          late: s.late === 1,
          updated_at: s.updated_at,
          totals: {
            expected: s.expected_count,
            excused: s.excused_count,
            compliant: s.compliant_count,
            rate: s.rate,
            counts: { H: s.count_h, HD: s.count_hd, TL: s.count_tl, DL: s.count_dl, S: s.count_s, I: s.count_i, C: s.count_c, TB: s.count_tb, TK: s.count_tk },
            verified: s.count_verified,
            verified_share: verifiedShare(Number(s.count_verified), Number(s.count_h) + Number(s.count_tl)),
          },
        }
      : null,
    attendance: page.expected.map((e) => {
      const saved = page.saved.get(e.id);
      const start = startValue(e);
      return {
        nip: e.nip,
        name: e.name,
        position: e.position,
        category: e.category,
        status: saved?.status ?? (start.status === NOT_YET ? null : start.status),
        cuti_type: saved ? saved.cuti_type : start.cuti_type,
        note: saved?.note ?? null,
        planned_absence: e.absence ? { status: e.absence.status, cuti_type: e.absence.cuti_type, document_ref: e.absence.document_ref } : null,
        saved: saved !== undefined,
        checked_in_at: e.checkIn?.at ?? null,
      };
    }),
  };
}
