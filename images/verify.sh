#!/usr/bin/env bash
# Check the three scenario images for real, on a throwaway user-defined network:
# busybox names/ping/nc/wget between containers, nginx's page from the host through a
# published port and its access log in `docker logs`, redis answering PING (busybox nc and
# redis-cli). Removes everything it creates. Usage: bash images/verify.sh
# Env: LAB_VERIFY_PORT (host port for nginx on 127.0.0.1, default 18080).
set -euo pipefail
p=lab-verify-$$-$RANDOM net=$p-net port=${LAB_VERIFY_PORT:-18080} fails=0
cleanup() {
  docker rm -f "$p-a" "$p-b" "$p-web" "$p-redis" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
}
trap cleanup EXIT
check() { # check NAME EXPECTED COMMAND...: run COMMAND, pass if its output contains EXPECTED
  local name=$1 want=$2 out; shift 2
  out=$("$@" 2>&1) || true
  if [[ $out == *"$want"* ]]; then echo "ok   $name"; else echo "FAIL $name (wanted '$want', got: ${out:0:300})"; fails=$((fails + 1)); fi
}

docker network create "$net" >/dev/null
docker run -d --init --name "$p-a" --network "$net" busybox sleep 3600 >/dev/null
docker run -d --init --name "$p-b" --network "$net" busybox nc -ll -p 5000 -e /bin/cat >/dev/null
docker run -d --name "$p-web" --network "$net" -p "127.0.0.1:$port:80" nginx >/dev/null
docker run -d --name "$p-redis" --network "$net" redis >/dev/null
for _ in $(seq 50); do # until nginx and redis listen (5 s at most)
  docker logs "$p-redis" 2>&1 | grep -q 'Ready to accept' && docker logs "$p-web" 2>&1 | grep -q 'start worker process' && break
  sleep 0.1
done

check "busybox runs sh" ok docker run --rm busybox sh -c 'echo ok'
check "busybox nslookup by name" "Name:	$p-b" docker exec "$p-a" nslookup "$p-b"
check "busybox ping by name" "1 packets received" docker exec "$p-a" ping -c1 -W1 "$p-b"
check "busybox nc echo" hello docker exec "$p-a" sh -c "echo hello | nc -w 2 $p-b 5000"
check "busybox wget nginx by name" "Welcome to nginx!" docker exec "$p-a" timeout 3 wget -qO- "http://$p-web/"
if command -v curl >/dev/null; then
  check "nginx from the host (127.0.0.1:$port)" "Welcome to nginx!" curl -s --max-time 3 "http://127.0.0.1:$port/"
else
  check "nginx from the host (127.0.0.1:$port)" "Welcome to nginx!" timeout 3 busybox wget -qO- "http://127.0.0.1:$port/"
fi
check "nginx access log in docker logs" '"GET / HTTP/1.1" 200' docker logs "$p-web"
check "redis PING (busybox nc)" "+PONG" docker exec "$p-a" sh -c "printf 'PING\r\n' | nc -w 2 $p-redis 6379"
check "redis PING (redis-cli -h)" PONG docker run --rm --network "$net" redis redis-cli -h "$p-redis" ping

if [ "$fails" -ne 0 ]; then echo "verify: $fails check(s) failed"; exit 1; fi
echo "verify: all images ok"
