import { Client, csrfOf } from './client';
import { result, type Result } from './results';
import { peakMemory } from './server';

export interface DownloadOptions {
  base: string;
  password: string;
  appPid: number;
  log: (s: string) => void;
}

/**
 * The whole province's monthly report as XLSX and CSV, one download at a time: time to the
 * first byte, to the last, and the server's peak memory during the download (see peakMemory).
 * The bench gives each format a freshly started server: a server that has just served pages
 * under load keeps a larger heap, which would count against the download.
 */
export async function measureReports(o: DownloadOptions & { month: string; formats: ('xlsx' | 'csv')[] }): Promise<Result[]> {
  const hr = new Client(o.base);
  await hr.signIn('hr', o.password);
  const out: Result[] = [];
  for (const format of o.formats) {
    const label = `monthly ${format.toUpperCase()}`;
    o.log(`${label} ${o.month}…`);
    const { value: r, peakMb, beforeMb, method } = await peakMemory(o.appPid, () => hr.get(`/reports/monthly?month=${o.month}&format=${format}`));
    if (r.status !== 200 || r.bytes < 1000) throw new Error(`${label}: status ${r.status}, ${r.bytes} bytes`);
    o.log(`${label}: ${(r.bytes / 1e6).toFixed(1)} MB, server memory ${beforeMb.toFixed(0)} MB before, ${peakMb.toFixed(0)} MB peak (${method})`);
    out.push(
      result(`${label} time to first byte`, 's', r.ttfbMs / 1000),
      result(`${label} total`, 's', r.totalMs / 1000),
      result(`${label} peak server memory`, 'MB', peakMb),
      result(`${label} size`, 'MB', r.bytes / 1e6),
    );
  }
  return out;
}

/**
 * hr uploads `csv` through the form (preview: upload, checks, then the preview page), then
 * commits it (the commit, then the result page). Timed from the first byte sent to the page
 * the user reads.
 */
export async function measureImport(o: Omit<DownloadOptions, 'appPid'> & { csv: Buffer; effectiveDate: string }): Promise<Result[]> {
  const hr = new Client(o.base);
  await hr.signIn('hr', o.password);
  o.log(`import preview of ${(o.csv.length / 1e6).toFixed(1)} MB…`);
  const form = await hr.get('/employees/import');
  const t0 = performance.now();
  const upload = await hr.postMultipart(
    '/employees/import',
    { _csrf: csrfOf(form.body.toString()), effective_date: o.effectiveDate, scope_opd: '' },
    { field: 'file', name: 'bench-import.csv', type: 'text/csv', data: o.csv },
  );
  const location = String(upload.headers.location ?? '');
  if (upload.status !== 302 || !/^\/employees\/import\/\d+$/.test(location)) {
    throw new Error(`import upload: ${upload.status}\n${upload.body.toString().slice(0, 3000)}`);
  }
  const preview = await hr.get(location);
  const previewS = (performance.now() - t0) / 1000;
  const html = preview.body.toString();
  if (!html.includes(`action="${location}/commit"`)) throw new Error(`import preview offers no commit:\n${html.slice(0, 3000)}`);

  o.log('import commit…');
  const t1 = performance.now();
  const commit = await hr.postForm(`${location}/commit`, { _csrf: csrfOf(html) });
  if (commit.status !== 302) throw new Error(`import commit: ${commit.status}\n${commit.body.toString().slice(0, 3000)}`);
  await hr.get(location);
  const commitS = (performance.now() - t1) / 1000;
  return [result('import preview', 's', previewS), result('import commit', 's', commitS), result('import preview + commit', 's', previewS + commitS)];
}
