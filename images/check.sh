#!/usr/bin/env bash
# A quick run of a freshly built offline image: exit 0 when it works.
# Usage: bash images/check.sh NAME TAG   (NAME: busybox, nginx or redis)
set -euo pipefail
name=$1 tag=$2
case $name in
  busybox) docker run --rm --network none "$tag" sh -c 'echo ok' ;;
  nginx) docker run --rm --network none "$tag" nginx -t 2>&1 ;;
  redis) docker run --rm --network none "$tag" redis-server --version ;;
  *) printf 'images: no check for %s\n' "$name" >&2; exit 3 ;;
esac
