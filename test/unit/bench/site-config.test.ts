import { siteConfig, upstreamPorts } from '../../cluster/deploy-kit';

describe("nginx's site file for the bench's instances", () => {
  const cert = { cert: '/tmp/c.pem', key: '/tmp/k.pem' };
  const servers = (text: string) => text.split('\n').filter((l) => /^\s*server 127\.0\.0\.1:/.test(l));

  it('writes one upstream server line per instance, each with the parameters of the repository file', () => {
    const file = servers(siteConfig({ upstream: upstreamPorts(), https: 8443, http: 8080 }, cert));
    const parameters = (line: string) => line.replace(/:\d+/, ':PORT');
    for (const ports of [[5001], [5001, 5002, 5003], [5001, 5002, 5003, 5004, 5005]]) {
      const lines = servers(siteConfig({ upstream: ports, https: 8443, http: 8080 }, cert));
      expect(lines.map((l) => Number(/:(\d+)\s/.exec(l)?.[1]))).toEqual(ports);
      expect(new Set(lines.map(parameters))).toEqual(new Set([parameters(file[0])]));
    }
  });

  it('changes nothing but the ports and the certificate when the number of instances is the file’s', () => {
    const text = siteConfig({ upstream: upstreamPorts(), https: 443, http: 80 }, cert);
    expect(text).toContain('upstream ikrar_app {');
    expect(text).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(servers(text)).toHaveLength(upstreamPorts().length);
    expect(text).toMatch(/listen 127\.0\.0\.1:443 ssl/);
  });
});
