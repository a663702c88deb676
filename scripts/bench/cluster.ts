import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { certificateOf, readUnit, serviceEnvironment, startNginx, type RunningNginx } from '../../test/cluster/deploy-kit';
import { signalGroup } from '../../test/support/processes';
import { freePort, startServer, type RunningServer } from '../../test/support/server';
import { DATA_DIR } from './dataset';
import { benchEnvironment, type BenchTarget } from './server';

/*
 * `npm run bench -- --instances 3`: the instances of docs/DEPLOY.md on one PostgreSQL database
 * behind Debian's nginx, set up as the cluster test (test/cluster) sets them up. Each instance is
 * started with the command line and the Environment= lines of docs/deploy/ikrar@.service, its
 * environment file being the bench's (benchEnvironment: one SESSION_SECRET and DATABASE_URL for
 * all, a DATA_DIR each, the scheduler off); nginx runs docs/deploy/nginx-ikrar.conf with only the
 * ports, the certificate and the upstream's server lines (one per instance) changed, with a
 * worker per core as Debian's nginx.conf has it, and speaks TLS with a self-signed certificate
 * that the bench's client trusts.
 */

/** What nginx started by this process must not outlive, whatever ends the bench. */
const exits = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The process and its children (nginx's workers), from /proc. */
function withChildren(pid: number): number[] {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return [pid, ...(children ? children.split(/\s+/).map(Number) : [])];
  } catch {
    return [];
  }
}

async function startInstances(databaseUrl: string, ports: number[], publicUrl: string, secret: string, env: Record<string, string>): Promise<{ servers: RunningServer[]; dirs: string[] }> {
  const dirs = ports.map((port) => path.join(DATA_DIR, `run-files-${port}`));
  const started = await Promise.allSettled(
    ports.map((port, i) => {
      fs.rmSync(dirs[i], { recursive: true, force: true });
      const unit = readUnit(String(port));
      // The unit's NODE_ENV, HOST, PORT and TRUST_PROXY; the bench's settings as /etc/ikrar/ikrar.env.
      const service = serviceEnvironment(unit, { ...benchEnvironment(databaseUrl, secret, dirs[i]), PUBLIC_URL: publicUrl });
      // The unit names the system's node; the bench runs the node it runs on.
      return startServer({ ...service, ...env }, 180_000, { argv: [process.execPath, ...unit.argv.slice(1)] });
    }),
  );
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    throw failed.reason;
  }
  return { servers, dirs };
}

/**
 * `instances` servers and nginx in front; `env` adds to the instances' environment or overrides
 * it (the check-in burst's clock). The bench's requests go to nginx's https address.
 */
export async function startBenchCluster(databaseUrl: string, instances: number, env: Record<string, string> = {}): Promise<BenchTarget> {
  const ports = await Promise.all(Array.from({ length: instances + 2 }, () => freePort()));
  const [httpsPort, httpPort] = ports.slice(instances);
  const secret = crypto.randomBytes(24).toString('hex');
  const { servers, dirs } = await startInstances(databaseUrl, ports.slice(0, instances), `https://localhost:${httpsPort}`, secret, env);
  let nginx: RunningNginx;
  try {
    nginx = await startNginx({ upstream: servers.map((s) => s.port), https: httpsPort, http: httpPort }, 'npm run bench', 'auto');
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  const killNginx = () => void signalGroup(nginx.pid, 'SIGKILL');
  for (const e of exits) process.once(e, killNginx);
  return {
    url: nginx.url,
    appPids: servers.map((s) => s.child.pid!),
    proxyPids: () => withChildren(nginx.pid),
    ca: certificateOf(nginx),
    secret,
    output: () => [...servers.map((s) => s.output().trim() && `instance ${s.port}:\n${s.output().trim()}`), nginx.output().trim() && `nginx:\n${nginx.output().trim()}`].filter(Boolean).join('\n'),
    async stop() {
      await nginx.stop();
      for (const e of exits) process.removeListener(e, killNginx);
      await Promise.all(servers.map((s) => s.stop()));
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
