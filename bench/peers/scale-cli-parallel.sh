#!/bin/sh
# The bench scale case by hand with the docker CLI, every container and every lookup at once
# (background jobs): N busybox containers on one network, each resolving its neighbour.
# Usage: scale-cli-parallel.sh [id] [N]   (labbench-<id>-*, labelled lab.bench=<id>; N defaults to 30)
set -eu
id=${1:-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}
n=${2:-30}
p="labbench-$id"
names=$(seq -f "$p-c%02g" 1 "$n")
finished=0
cleanup() {
  [ "$finished" = 1 ] && return
  # shellcheck disable=SC2086
  docker rm -f $names >/dev/null 2>&1 || true
  docker network rm "$p-net" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Waits for every background job and fails if any of them failed.
wait_all() {
  failed=0
  for pid in $pids; do wait "$pid" || failed=1; done
  pids=""
  [ "$failed" = 0 ]
}

docker network create --label "lab.bench=$id" "$p-net" >/dev/null
pids=""
for c in $names; do
  docker run -d --name "$c" --label "lab.bench=$id" --network "$p-net" busybox sleep 3600 >/dev/null &
  pids="$pids $!"
done
wait_all
for i in $(seq 1 "$n"); do
  docker exec "$(printf '%s-c%02d' "$p" "$i")" nslookup "$(printf '%s-c%02d' "$p" $((i % n + 1)))" >/dev/null &
  pids="$pids $!"
done
wait_all
# shellcheck disable=SC2086
docker rm -f $names >/dev/null
docker network rm "$p-net" >/dev/null
finished=1
