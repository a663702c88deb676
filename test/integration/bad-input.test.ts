import type request from 'supertest';
import { signIn, useTestApp } from '../support/app';
import { FORMS, type FormCase } from '../support/bad-input-forms';
import { makeUser } from '../support/factories';
import { buildWorld, tempDataDir, type CsrfAgent, type World } from '../support/hardening-world';
import { encodeForm, fingerprint, hasMessage, hostileValues, type FieldSpec, type FormValue } from '../support/hostile';
import { resetNow } from '../support/sessions-factories';

/*
 * The bad-input sweep over every form that writes: each field in turn gets each hostile value of
 * its kind while the rest of the body stays valid. Every answer must be a 4xx with a message
 * (beside the field, when the form shows messages there), never a 5xx, and the database must be
 * exactly as it was: not a row written, not half of one.
 */
describe('bad input: forms', () => {
  const dataDir = tempDataDir('bad-input');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;
  let account: CsrfAgent;

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, dataDir, 'BI');
    account = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  });
  afterAll(() => resetNow());

  function send(c: FormCase, agent: CsrfAgent, body: Record<string, FormValue>): Promise<request.Response> {
    const url = c.url(w);
    if (!c.file) return agent.post(url).type('form').send(encodeForm({ ...body, _csrf: agent.csrf }));
    let req = agent.post(url).field('_csrf', agent.csrf);
    for (const [k, v] of Object.entries(body)) for (const one of Array.isArray(v) ? v : [v]) req = req.field(k, one);
    return req.attach(c.file.field, Buffer.from(c.file.content(w)), c.file.name);
  }

  /** What is wrong with the answer to a hostile value, or null. */
  function problemOf(c: FormCase, field: string, spec: FieldSpec, label: string, res: request.Response): string | null {
    if (res.status >= 500) return `status ${res.status}`;
    if (res.status < 400) return `accepted (${res.status} ${res.headers.location ?? ''})`;
    if (!hasMessage(res)) return `${res.status} without a message`;
    // An upload's parser refuses an oversize field as a bad upload, with the message at the file.
    const wholeRequest = c.file && label === '100 kB';
    const beside = res.status === 422 && !c.noFieldErrors && !spec.unnamed && !wholeRequest && /html/.test(res.headers['content-type'] ?? '');
    if (beside && !res.text.includes(`id="${field}-error"`)) return `422 without a message beside ${field}`;
    return null;
  }

  it.each(FORMS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const agent = c.actor === 'account' ? account : w.agents[c.actor];
    const base = await c.base(w, agent);
    let before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const [field, spec] of Object.entries(typeof c.fields === 'function' ? c.fields(w) : c.fields)) {
      for (const [label, value] of hostileValues(spec)) {
        const res = await send(c, agent, { ...base, [field]: value });
        const problem = problemOf(c, field, spec, label, res);
        if (problem) problems.push(`${field} = ${label}: ${problem}`);
        const after = await fingerprint(ctx.db);
        if (after !== before) {
          problems.push(`${field} = ${label}: rows written (${res.status})`);
          before = after;
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
