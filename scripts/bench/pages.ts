import { Client, csrfOf, formFields, rollCallIds, withChanges } from './client';
import { load, sequential } from './load';
import { proxyCpuResult, result, type Result } from './results';

export interface PageOptions {
  base: string;
  /** The app's processes (one server, or each instance behind nginx): their CPU time per request is reported beside the latencies. */
  appPids: number[];
  /** nginx's processes when it is in front (its CPU time per request is reported on its own), else none. */
  proxyPids: number[];
  /** The certificate to trust when `base` is nginx's https address. */
  ca?: Buffer;
  password: string;
  seconds: number;
  connections: number;
  log: (s: string) => void;
}

function assertOk(label: string, failures: number) {
  if (failures) throw new Error(`${label}: ${failures} responses were not 200 (signed out? error page?)`);
}

/**
 * The static ceiling and the Sekda dashboard under the same load: every connection busy for
 * `seconds`, latencies of every response, and the dashboard's throughput as a share of the
 * static file's (the measure of how much work a dashboard request costs).
 */
export async function measureDashboard(o: PageOptions): Promise<Result[]> {
  const sekda = new Client(o.base, {}, o.ca);
  await sekda.signIn('sekda', o.password);
  const out: Result[] = [];
  o.log('static page (the ceiling)…');
  const cpu = { pids: o.appPids, proxyPids: o.proxyPids };
  const ceiling = await load(o.base, { paths: ['/static/app.css'], connections: o.connections, seconds: o.seconds, ...cpu });
  assertOk('static', ceiling.failures);
  out.push(
    result('static page p50', 'ms', ceiling.p50),
    result('static page p95', 'ms', ceiling.p95),
    result('static page throughput', 'req/s', ceiling.rps),
    result('static page server CPU per request', 'ms', ceiling.cpuMs),
    ...proxyCpuResult('static page nginx CPU per request', ceiling.proxyCpuMs),
  );
  for (const period of ['week', 'month'] as const) {
    o.log(`dashboard ?period=${period}…`);
    const r = await load(o.base, { cookie: sekda.cookieHeader, paths: [`/dashboard?period=${period}`], connections: o.connections, seconds: o.seconds, ...cpu });
    assertOk(`dashboard ${period}`, r.failures);
    out.push(
      result(`dashboard ${period} p50`, 'ms', r.p50),
      result(`dashboard ${period} p95`, 'ms', r.p95),
      result(`dashboard ${period} throughput`, 'req/s', r.rps),
      result(`dashboard ${period} share of static throughput`, '%', (100 * r.rps) / ceiling.rps),
      result(`dashboard ${period} server CPU per request`, 'ms', r.cpuMs),
      ...proxyCpuResult(`dashboard ${period} nginx CPU per request`, r.proxyCpuMs),
    );
  }
  return out;
}

/**
 * hr searching the employee list (a name anywhere in the name, or a NIP prefix). The budget is
 * a person's wait, so it is measured with one connection; ten at once are shown for context.
 */
export async function measureSearch(o: PageOptions): Promise<Result[]> {
  const hr = new Client(o.base);
  await hr.signIn('hr', o.password);
  o.log('employee search…');
  const paths = ['siti', 'santoso', 'wahyu', '19850'].map((q) => `/employees?q=${encodeURIComponent(q)}`);
  const one = await load(o.base, { cookie: hr.cookieHeader, paths, connections: 1, seconds: o.seconds });
  assertOk('employee search', one.failures);
  const many = await load(o.base, { cookie: hr.cookieHeader, paths, connections: o.connections, seconds: o.seconds });
  assertOk('employee search', many.failures);
  return [
    result('employee search p50', 'ms', one.p50),
    result('employee search p95', 'ms', one.p95),
    result(`employee search p95, ${o.connections} at once`, 'ms', many.p95),
    result(`employee search throughput, ${o.connections} at once`, 'req/s', many.rps),
  ];
}

/**
 * The roll-call of the largest OPD, one user at a time as an operator works: the page, then
 * `saves` submissions in a row, each from a freshly loaded form (its CSRF token and version)
 * with `changes` rows flipped, sent urlencoded as public/js/roll-call.js does (and a few as
 * multipart, as a browser without JavaScript does). A page that carries one page of rows and the
 * whole unit as rc-data is sent as its form stands, with the changed rows picked across the unit
 * (the server keeps the rows not sent). The first save of a session that was never submitted
 * writes every row and is reported on its own.
 */
export async function measureRollCall(o: PageOptions & { opdCode: string; pledgeDate: string; saves: number; changes: number }): Promise<Result[]> {
  const hr = new Client(o.base);
  await hr.signIn('hr', o.password);
  const url = `/opd/${o.opdCode}/sessions/${o.pledgeDate}`;
  o.log(`roll-call ${url}…`);
  const first = await hr.get(url);
  if (first.status !== 200) throw new Error(`roll-call page: ${first.status}`);
  const firstHtml = first.body.toString();
  const rows = rollCallIds(firstHtml)?.length ?? formFields(firstHtml, 'id="session-form"').filter(([k]) => k.startsWith('status[')).length;
  const page = await sequential(o.saves, async () => {
    const r = await hr.get(url);
    if (r.status !== 200) throw new Error(`roll-call page: ${r.status}`);
    return r.totalMs;
  });
  const out = [result('roll-call page p50', 'ms', page.p50), result('roll-call page p95', 'ms', page.p95)];

  const post = async (i: number, multipart = false) => {
    const html = (await hr.get(url)).body.toString();
    const fields = withChanges(formFields(html, 'id="session-form"'), rollCallIds(html), i, o.changes);
    const body: [string, string][] = [...fields, ['action', 'submit']];
    const r = multipart ? await hr.postMultipart(url, body) : await hr.postForm(url, body);
    if (r.status !== 302) throw new Error(`roll-call submit: ${r.status} ${csrfOf(html) ? '' : 'no token'}\n${r.body.toString().slice(0, 2000)}`);
    return r.totalMs;
  };
  const state = /badge state-([a-z_]+)/.exec(firstHtml)?.[1];
  if (state === 'belum_diisi' || state === 'draf') {
    const firstSave = await post(-1);
    out.push(result('roll-call first submit (every row written)', 'ms', firstSave));
  }
  const saves = await sequential(o.saves, post);
  // A browser without JavaScript sends the form as multipart (it has a photo field): 6,000 parts.
  const plain = await sequential(5, (i) => post(o.saves + i, true));
  out.push(
    result('roll-call submit p50', 'ms', saves.p50),
    result('roll-call submit p95', 'ms', saves.p95),
    result('roll-call submit without JavaScript (multipart) p50', 'ms', plain.p50),
  );
  o.log(`roll-call: ${rows} people, ${o.changes} changes per save`);
  return out;
}
