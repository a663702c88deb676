import type { SessionPage } from '../sessions/sessions.service';

/**
 * A session as the API shows it. Before anything is saved the roll-call is the form's starting
 * point: everyone H, planned absences filled in (`saved: false` on those rows).
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
          },
        }
      : null,
    attendance: page.expected.map((e) => {
      const saved = page.saved.get(e.id);
      const prefill = e.absence && e.absence.status !== 'CLTN' ? e.absence.status : 'H';
      return {
        nip: e.nip,
        name: e.name,
        position: e.position,
        category: e.category,
        status: saved?.status ?? prefill,
        cuti_type: saved ? saved.cuti_type : prefill === 'C' ? e.absence!.cuti_type : null,
        note: saved?.note ?? null,
        planned_absence: e.absence ? { status: e.absence.status, cuti_type: e.absence.cuti_type, document_ref: e.absence.document_ref } : null,
        saved: saved !== undefined,
      };
    }),
  };
}
