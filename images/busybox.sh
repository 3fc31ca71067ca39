#!/usr/bin/env bash
# Build busybox:latest offline: a FROM-scratch image with Debian's static busybox
# (package busybox-static), its applets as symlinks in /bin, /tmp (1777), /etc/passwd and
# /etc/group with root and nobody, /root, /var, /home. CMD ["sh"].
# Usage: bash images/busybox.sh [tag]   (default busybox:latest)
set -euo pipefail
# shellcheck source=images/lib.sh
. "$(dirname "$0")/lib.sh"
tag=${1:-busybox:latest}
img_workdir
root=$IMG_WORK/root
img_base "$root"

# The host's busybox if it is the static one, else the one from busybox-static's .deb.
bb=
for c in /bin/busybox /usr/bin/busybox; do
  [ -x "$c" ] || continue
  case $(LC_ALL=C ldd "$c" 2>&1 || true) in *"not a dynamic executable"*) bb=$c; break ;; esac
done
if [ -z "$bb" ]; then
  mkdir -p "$IMG_WORK/debs" "$IMG_WORK/stage"
  img_fetch_debs "$IMG_WORK/debs" busybox-static
  img_extract "$IMG_WORK/debs" "$IMG_WORK/stage"
  bb=$(find "$IMG_WORK/stage" -type f -path '*bin/busybox' | head -n 1)
  [ -n "$bb" ] || img_die "busybox-static's package holds no busybox binary"
fi
cp "$bb" "$root/bin/busybox"
applets=$("$root/bin/busybox" --list)
for a in $applets; do
  [ "$a" = busybox ] || [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
mkdir -p "$root/var/spool/mail" "$root/var/www" "$root/usr/sbin"

img_import "$root" "$tag" "$IMG_PATH_ENV" 'CMD ["sh"]'
