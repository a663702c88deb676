import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { recordProcess, signalGroup } from '../support/processes';

/*
 * The deployment kit of docs/deploy as the cluster test uses it: the systemd unit read for the
 * command line and environment of an instance, nginx's site file with only its ports,
 * certificate paths and temporary folders changed, a self-signed certificate, and Debian's nginx
 * run as an unprivileged process in a folder of its own.
 */
const ROOT = path.resolve(__dirname, '../..');
export const UNIT_FILE = path.join(ROOT, 'docs/deploy/ikrar@.service');
export const NGINX_FILE = path.join(ROOT, 'docs/deploy/nginx-ikrar.conf');
const NGINX = '/usr/sbin/nginx';

export interface ServiceUnit {
  /** ExecStart split into words, %i replaced. */
  argv: string[];
  /** The Environment= lines, %i replaced. */
  environment: Record<string, string>;
  environmentFile: string | null;
}

/** The [Service] section of the template unit for instance `instance` (the port). */
export function readUnit(instance: string, file = UNIT_FILE): ServiceUnit {
  const text = fs.readFileSync(file, 'utf8');
  const service = /^\[Service\]$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1];
  if (!service) throw new Error(`${file}: no [Service] section`);
  const unit: ServiceUnit = { argv: [], environment: {}, environmentFile: null };
  for (const raw of service.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).replaceAll('%i', instance);
    if (key === 'ExecStart') unit.argv = value.split(/\s+/);
    if (key === 'EnvironmentFile') unit.environmentFile = value.replace(/^-/, '');
    if (key === 'Environment') {
      // One assignment per line in our unit; quotes would need systemd's full word splitting.
      if (/["'\s]/.test(value)) throw new Error(`${file}: write one unquoted Environment=KEY=value per line (${line})`);
      const at = value.indexOf('=');
      unit.environment[value.slice(0, at)] = value.slice(at + 1);
    }
  }
  if (!unit.argv.length) throw new Error(`${file}: no ExecStart`);
  return unit;
}

/**
 * The environment systemd gives the process: the Environment= lines, then the EnvironmentFile,
 * whose settings win (systemd.exec(5)).
 */
export function serviceEnvironment(unit: ServiceUnit, environmentFile: Record<string, string>): Record<string, string> {
  return { ...unit.environment, ...environmentFile };
}

export interface NginxPorts {
  /** The instances' ports, in the order of the upstream's server lines. */
  upstream: number[];
  https: number;
  http: number;
}

function replaceExactly(text: string, pattern: RegExp, count: number, replace: (match: string, ...groups: string[]) => string): string {
  const found = text.match(pattern)?.length ?? 0;
  if (found !== count) throw new Error(`${NGINX_FILE}: expected ${count} line(s) matching ${pattern}, found ${found}`);
  return text.replace(pattern, replace);
}

/**
 * docs/deploy/nginx-ikrar.conf with only the ports and the certificate paths changed. Every
 * change must match what the file says today, or this throws: a file changed beyond recognition
 * fails the test instead of being tested in a shape nobody deploys. The upstream gets one server
 * line per port (upstreamServers).
 */
export function siteConfig(ports: NginxPorts, cert: { cert: string; key: string }, file = NGINX_FILE): string {
  let text = fs.readFileSync(file, 'utf8');
  text = upstreamServers(text, ports.upstream);
  // Loopback only, on the test's free ports, instead of every address on 80 and 443.
  text = replaceExactly(text, /^(\s*listen )443( ssl)/gm, 1, (_m, a: string, b: string) => `${a}127.0.0.1:${ports.https}${b}`);
  text = replaceExactly(text, /^(\s*listen )\[::\]:443( ssl)/gm, 1, (_m, a: string, b: string) => `${a}[::1]:${ports.https}${b}`);
  text = replaceExactly(text, /^(\s*listen )80;/gm, 1, (_m, a: string) => `${a}127.0.0.1:${ports.http};`);
  text = replaceExactly(text, /^(\s*listen )\[::\]:80;/gm, 1, (_m, a: string) => `${a}[::1]:${ports.http};`);
  text = replaceExactly(text, /^(\s*ssl_certificate\s+)\S+;/gm, 1, (_m, a: string) => `${a}${cert.cert};`);
  text = replaceExactly(text, /^(\s*ssl_certificate_key\s+)\S+;/gm, 1, (_m, a: string) => `${a}${cert.key};`);
  // The redirect to https names the standard port; the test's https port is another one.
  text = replaceExactly(text, /return 301 https:\/\/\$host\$request_uri;/g, 1, () => `return 301 https://$host:${ports.https}$request_uri;`);
  return text;
}

/**
 * The upstream's `server` lines with the given ports. As many ports as the file has lines: each
 * line keeps its own parameters. Another number (the bench's `--instances`): one line per port,
 * each with the parameters of the file's first line.
 */
function upstreamServers(text: string, ports: number[]): string {
  const server = /^(\s*server 127\.0\.0\.1:)\d+(\s.*)$/;
  const lines = text.split('\n');
  const at = lines.flatMap((l, n) => (server.test(l) ? [n] : []));
  if (!at.length || !ports.length) throw new Error(`${NGINX_FILE}: expected upstream lines \`server 127.0.0.1:<port> …\` and at least one port`);
  if (at[at.length - 1] - at[0] !== at.length - 1) throw new Error(`${NGINX_FILE}: expected the upstream's server lines one after another`);
  const withPort = (n: number, port: number) => lines[n].replace(server, (_m, head: string, tail: string) => `${head}${port}${tail}`);
  const servers = ports.map((port, k) => withPort(at.length === ports.length ? at[k] : at[0], port));
  lines.splice(at[0], at.length, ...servers);
  return lines.join('\n');
}

/** The instances' ports the file names in its upstream (the test starts as many). */
export function upstreamPorts(file = NGINX_FILE): number[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^\s*server 127\.0\.0\.1:(\d+)\s/gm)].map((m) => Number(m[1]));
}

/** A key and a self-signed certificate for localhost and 127.0.0.1, made by openssl. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

export interface RunningNginx {
  /** The master process (it leads a process group of its own; the workers are its children). */
  pid: number;
  url: string;
  httpUrl: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Who nginx runs as: `nobody` when the test runs as root (CI), else the test's own user. */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: Number(execFileSync('id', ['-u', 'nobody']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'nobody']).toString().trim()) };
}

/**
 * Debian's nginx, not as root, with everything it writes (pid, logs, temporary bodies, the TLS
 * session cache) under a temporary folder, and the site file generated from the repository's.
 * One worker process unless `workers` says otherwise (Debian's own nginx.conf has `auto`, one
 * per core, which the bench uses).
 */
export async function startNginx(ports: NginxPorts, startedBy: string, workers: number | 'auto' = 1): Promise<RunningNginx> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (.ci/run does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-nginx-'));
  const cert = selfSignedCert(dir);
  fs.writeFileSync(path.join(dir, 'ikrar.conf'), siteConfig(ports, cert));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      `worker_processes ${workers};`,
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      ...temp.map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/ikrar.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const user = unprivileged();
  if (user) for (const f of ['', 'cert.pem', 'key.pem', 'nginx.conf', 'ikrar.conf']) fs.chownSync(path.join(dir, f), user.uid, user.gid);
  let out = '';
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  recordProcess(child.pid!, startedBy);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => `${out}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`;
  const stop = async () => {
    // SIGQUIT: nginx's graceful stop; the whole group is killed if it has not gone in 5 s.
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid!, 'SIGQUIT');
      const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    signalGroup(child.pid!, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `https://localhost:${ports.https}`;
  const ca = fs.readFileSync(cert.cert);
  for (const deadline = Date.now() + 20_000; ; ) {
    if (child.exitCode !== null) {
      const why = output();
      await stop();
      throw new Error(`nginx exited with ${child.exitCode}:\n${why}`);
    }
    if (await answers(`${url}/healthz`, ca)) break;
    if (Date.now() > deadline) {
      const why = output();
      await stop();
      throw new Error(`nginx did not answer in 20 s:\n${why}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid!, url, httpUrl: `http://127.0.0.1:${ports.http}`, dir, output, stop };
}

function answers(url: string, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

export function certificateOf(nginx: RunningNginx): Buffer {
  return fs.readFileSync(path.join(nginx.dir, 'cert.pem'));
}
