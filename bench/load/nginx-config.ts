/**
 * nginx.conf for the reference server: our feeds' bytes as static files in `docroot`, each path
 * with the Content-Type our server sent, on 127.0.0.1:`port`, everything it writes under `dir`.
 */
export function nginxConfig(
  dir: string,
  docroot: string,
  port: number,
  types: ReadonlyMap<string, string>,
): string {
  const locations = [...types]
    .map(([path, type]) => `    location = ${path} { default_type "${type}"; }`)
    .join("\n");
  // One process (master_process off), like the single pinned Node process. Static-file defaults
  // as Debian ships them (sendfile, tcp_nopush); keepalive_requests raised so that neither server
  // closes wrk's connections during a run.
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  gzip off;
  etag on;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${docroot};
${locations}
  }
}
`;
}
