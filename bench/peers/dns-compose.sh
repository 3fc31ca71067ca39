#!/bin/sh
# The bench DNS lab with docker-compose v1, as a user would run it: up, two lookups, and
# `down -t 0` (a plain `down` waits 10 s per container: busybox as PID 1 ignores SIGTERM).
# Usage: dns-compose.sh [id]   (project labbench<id>; containers labelled lab.bench=<id>)
set -eu
id=${1:-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}
export LAB_BENCH_ID="$id"
project="labbench$id"
file="$(dirname "$0")/dns-compose.yml"
finished=0
cleanup() {
  [ "$finished" = 1 ] && return
  docker-compose -p "$project" -f "$file" down -t 0 >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker-compose -p "$project" -f "$file" up -d >/dev/null 2>&1
docker-compose -p "$project" -f "$file" exec -T a nslookup b >/dev/null
docker-compose -p "$project" -f "$file" exec -T b nslookup a >/dev/null
docker-compose -p "$project" -f "$file" down -t 0 >/dev/null 2>&1
finished=1
