#!/bin/sh
# The bench DNS lab written by hand with the docker CLI, one command after another, as a
# user would type it: one network, two busybox containers, two lookups, teardown.
# Usage: dns-cli.sh [id]   (resources are named labbench-<id>-* and labelled lab.bench=<id>)
set -eu
id=${1:-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}
p="labbench-$id"
finished=0
cleanup() {
  [ "$finished" = 1 ] && return
  docker rm -f "$p-a" "$p-b" >/dev/null 2>&1 || true
  docker network rm "$p-app" >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker network create --label "lab.bench=$id" "$p-app" >/dev/null
docker run -d --name "$p-a" --label "lab.bench=$id" --network "$p-app" busybox sleep 3600 >/dev/null
docker run -d --name "$p-b" --label "lab.bench=$id" --network "$p-app" busybox sleep 3600 >/dev/null
docker exec "$p-a" nslookup "$p-b" >/dev/null
docker exec "$p-b" nslookup "$p-a" >/dev/null
docker rm -f "$p-a" "$p-b" >/dev/null
docker network rm "$p-app" >/dev/null
finished=1
