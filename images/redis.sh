#!/usr/bin/env bash
# Build redis:latest offline: Debian's redis-server (the redis-check-rdb binary of package
# redis-tools, which runs as the server when called redis-server) and redis-cli, with their
# libraries, in a FROM-scratch tree. WORKDIR /data.
# CMD ["redis-server","--protected-mode","no"], EXPOSE 6379.
# Usage: bash images/redis.sh [tag]   (default redis:latest)
set -euo pipefail
# shellcheck source=images/lib.sh
. "$(dirname "$0")/lib.sh"
tag=${1:-redis:latest}
img_workdir
root=$IMG_WORK/root debs=$IMG_WORK/debs stage=$IMG_WORK/stage
mkdir -p "$debs" "$stage"
img_base "$root"

img_fetch_debs "$debs" redis-tools
img_extract "$debs" "$stage"
srv=$stage/usr/bin/redis-check-rdb
[ -x "$srv" ] || srv=$stage/usr/bin/redis-server
[ -x "$srv" ] || img_die "redis-tools' package holds no redis-check-rdb/redis-server binary"
cp "$srv" "$root/usr/bin/redis-server"
cp "$stage/usr/bin/redis-cli" "$root/usr/bin/redis-cli"
img_add_elf "$root" "$stage" "$debs" "$srv" "$stage/usr/bin/redis-cli"
mkdir -p "$root/data" "$root/etc/redis"

img_import "$root" "$tag" "$IMG_PATH_ENV" 'WORKDIR /data' 'EXPOSE 6379' \
  'CMD ["redis-server","--protected-mode","no"]'
