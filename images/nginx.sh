#!/usr/bin/env bash
# Build nginx:latest offline: Debian's /usr/sbin/nginx (package nginx; nginx-core or
# nginx-light on older releases) with its libraries, in a FROM-scratch tree. Listens on 80,
# serves a page containing "Welcome to nginx!" at /, logs to the container's stdout/stderr,
# workers run as nobody. CMD ["nginx","-g","daemon off;"], EXPOSE 80 (SIGTERM stops it).
# Usage: bash images/nginx.sh [tag]   (default nginx:latest)
set -euo pipefail
# shellcheck source=images/lib.sh
. "$(dirname "$0")/lib.sh"
tag=${1:-nginx:latest}
img_workdir
root=$IMG_WORK/root debs=$IMG_WORK/debs stage=$IMG_WORK/stage
mkdir -p "$debs" "$stage"
img_base "$root"

for p in nginx nginx-core nginx-light; do
  rm -f "$debs"/*.deb
  ( img_fetch_debs "$debs" "$p" ) 2>/dev/null || continue
  case $(dpkg-deb -c "$debs"/*.deb) in *" ./usr/sbin/nginx"$'\n'*) break ;; esac
done
compgen -G "$debs/*.deb" >/dev/null && img_extract "$debs" "$stage"
[ -x "$stage/usr/sbin/nginx" ] || img_die "no Debian package with /usr/sbin/nginx found (tried nginx, nginx-core, nginx-light)"
cp "$stage/usr/sbin/nginx" "$root/usr/sbin/nginx"
img_add_elf "$root" "$stage" "$debs" "$stage/usr/sbin/nginx"

mkdir -p "$root"/etc/nginx/conf.d "$root"/var/log/nginx "$root"/usr/share/nginx/html \
  "$root"/var/lib/nginx/{body,proxy,fastcgi,uwsgi,scgi} "$root"/var/cache/nginx
cat >"$root/etc/nginx/nginx.conf" <<'CONF'
user nobody nogroup;
worker_processes auto;
pid /run/nginx.pid;
error_log /dev/stderr notice;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    sendfile on;
    keepalive_timeout 65;
    include /etc/nginx/conf.d/*.conf;
}
CONF
cat >"$root/etc/nginx/conf.d/default.conf" <<'CONF'
server {
    listen 80;
    server_name localhost;
    location / {
        root /usr/share/nginx/html;
        index index.html index.htm;
    }
}
CONF
cat >"$root/etc/nginx/mime.types" <<'CONF'
types {
    text/html                html htm shtml;
    text/css                 css;
    text/plain               txt;
    text/xml                 xml;
    application/javascript   js;
    application/json         json;
    image/gif                gif;
    image/jpeg               jpeg jpg;
    image/png                png;
    image/svg+xml            svg svgz;
    image/x-icon             ico;
    application/octet-stream bin;
}
CONF
cat >"$root/usr/share/nginx/html/index.html" <<'HTML'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. (lab offline image, built from Debian's nginx package.)</p>
</body>
</html>
HTML

img_import "$root" "$tag" "$IMG_PATH_ENV" 'EXPOSE 80' \
  'CMD ["nginx","-g","daemon off;"]'
