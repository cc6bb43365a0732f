/**
 * Debian's nginx as a shared cache in front of the newsroom (proxy_cache), configured as
 * docs/architecture.md "Behind a shared cache" describes: anonymous pages are kept as the
 * newsroom's Cache-Control says; a request carrying a reader's, a guest's or a staff
 * member's cookie goes past the cache, and its answer is never stored. Every answer says what
 * the cache did in `X-Cache-Status`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
export const nginxInstalled = (): boolean => existsSync(NGINX)
/** Debian's nobody (and nogroup). */
const NOBODY = 65534

export type SharedCache = { readonly url: string; readonly port: number; errors(): Promise<string>; stop(): Promise<void> }

/** The configuration: `upstream` is the newsroom's host:port; the cache listens on 127.0.0.1:`port`. */
export function nginxConfig(dir: string, port: number, upstream: string, asRoot = false): string {
  return `${asRoot ? 'user nobody nogroup;\n' : ''}worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=newsroom:10m max_size=256m inactive=10m use_temp_path=off;
  upstream newsroom { server ${upstream}; keepalive 64; }
  # Anything of one visitor's: a reader's session, a guest's own comments, a staff session.
  map $http_cookie $newsroom_personal {
    default 0;
    "~(^|;\\s*)(newsroom_reader|newsroom_pending|payload-token)=" 1;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 12m;
    location / {
      proxy_pass http://newsroom;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_cache newsroom;
      proxy_cache_key $scheme$http_host$request_uri;
      proxy_cache_bypass $newsroom_personal;
      proxy_no_cache $newsroom_personal;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_background_update on;
      proxy_cache_use_stale updating error timeout;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`
}

export async function startSharedCache(upstream: string, port: number): Promise<SharedCache> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-nginx-'))
  // Started by root, nginx's workers run as nobody: they must be able to reach and write the cache.
  const asRoot = process.getuid?.() === 0
  if (asRoot) await chmod(dir, 0o755)
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) {
    await mkdir(path.join(dir, sub))
    if (asRoot) await chown(path.join(dir, sub), NOBODY, NOBODY)
  }
  const config = path.join(dir, 'nginx.conf')
  await writeFile(config, nginxConfig(dir, port, upstream, asRoot))
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', config, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx stopped: ${stderr}`)
    try {
      await fetch(`${url}/healthz`)
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer: ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {
    url,
    port,
    errors: async () => `${stderr}${await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '')}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGQUIT')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
