# shellcheck shell=bash
# Helpers shared by the offline image recipes (images/<name>.sh). Sourced, not run.
# An offline image is a FROM-scratch tree made from Debian/Ubuntu packages: a binary from its
# .deb, the shared libraries `ldd` finds for it, the dynamic loader, and a few files in /etc.
# It is imported with `tar | docker import`, which costs about a second.

img_die() { printf 'images: %s\n' "$*" >&2; exit 3; }

# img_workdir: a temporary directory, removed when the recipe exits.
img_workdir() {
  IMG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/lab-image.XXXXXX")
  trap 'rm -rf "$IMG_WORK"' EXIT
}

# img_fetch_debs DIR PKG...: put the .deb of each package in DIR. Uses `apt-get download`
# (after one `apt-get update` if needed), else the newest copy in /var/cache/apt/archives.
img_fetch_debs() {
  local dir=$1 p f want=(); shift
  for p in "$@"; do compgen -G "$dir/${p}_*.deb" >/dev/null || want+=("$p"); done
  [ "${#want[@]}" -eq 0 ] && return 0
  # One apt-get call for all (each call costs about 0.6 s), then one by one on failure.
  (cd "$dir" && apt-get download -qq -o APT::Sandbox::User=root "${want[@]}" >/dev/null 2>&1) && return 0
  if [ -z "${IMG_APT_UPDATED:-}" ] && [ "$(id -u)" = 0 ]; then
    IMG_APT_UPDATED=1
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  for p in "${want[@]}"; do
    compgen -G "$dir/${p}_*.deb" >/dev/null && continue
    (cd "$dir" && apt-get download -qq -o APT::Sandbox::User=root "$p" >/dev/null 2>&1) && continue
    f=$(compgen -G "/var/cache/apt/archives/${p}_*.deb" | sort -V | tail -n 1 || true)
    [ -n "$f" ] || img_die "cannot get the package $p (apt-get download failed and /var/cache/apt/archives has no copy)"
    cp "$f" "$dir/"
  done
}

# img_extract DIR STAGE: unpack every .deb in DIR into STAGE.
img_extract() {
  local d
  for d in "$1"/*.deb; do dpkg-deb -x "$d" "$2"; done
}

# img_lib_depends DEB...: the library packages a .deb depends on (lib*, zlib1g), one per line.
img_lib_depends() {
  local d
  for d in "$@"; do dpkg-deb -f "$d" Depends Pre-Depends; done \
    | tr ',|' '\n' | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g' \
    | grep -E '^(lib|zlib)' | grep -vE '^libc6$' | sort -u
}

# img_guess_packages "SONAME..." PKG...: the PKGs that Debian's naming rule says hold the
# SONAMEs (libjemalloc.so.2 -> libjemalloc2*, libfoo1.so.0 -> libfoo1-0*); all PKGs when
# none matches.
img_guess_packages() {
  local sonames=$1 so base ver guess p found=(); shift
  for so in $sonames; do
    base=${so%%.so*} ver=${so#*.so.}; ver=${ver%%.*}
    if [[ $base =~ [0-9]$ ]]; then guess=$base-$ver; else guess=$base$ver; fi
    guess=${guess,,}; guess=${guess//_/-}
    for p in "$@"; do [[ $p == "$guess"* ]] && found+=("$p"); done
  done
  if [ "${#found[@]}" -gt 0 ]; then printf '%s\n' "${found[@]}"; else printf '%s\n' "$@"; fi
}

# img_ldd STAGE FILE...: "soname path" lines for what FILE needs, with STAGE's libraries
# first in the search path; "soname -" when not found.
img_ldd() {
  local stage=$1 libpath; shift
  libpath=$(find "$stage" -name '*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -)
  LD_LIBRARY_PATH="$libpath" ldd "$@" 2>/dev/null | awk '
    $2 == "=>" && $3 == "not" { print $1, "-"; next }
    $2 == "=>" && $3 ~ /^\// { print $1, $3; next }
    $1 ~ /^\// && $2 ~ /^\(0x/ { print $1, $1 }' | sort -u
}

# img_add_elf ROOT STAGE DEBDIR FILE...: copy the shared libraries and the loader that each
# FILE needs into ROOT (same paths as on the host, with STAGE's prefix dropped). Libraries the
# host lacks are fetched: the library packages that the downloaded .debs depend on are
# downloaded into DEBDIR and unpacked into STAGE, for up to three rounds.
img_add_elf() {
  local root=$1 stage=$2 debdir=$3 round missing path dest; shift 3
  for round in 1 2 3 4; do
    missing=$(img_ldd "$stage" "$@" | awk '$2 == "-" { print $1 }')
    [ -z "$missing" ] && break
    [ "$round" = 4 ] && img_die "libraries not found for $*: ${missing//$'\n'/ }"
    # shellcheck disable=SC2046
    img_fetch_debs "$debdir" $(img_guess_packages "$missing" $(img_lib_depends "$debdir"/*.deb))
    img_extract "$debdir" "$stage"
  done
  while read -r _ path; do
    case $path in
      "$stage"/*) dest=${path#"$stage"} ;;
      *) dest=$path ;;
    esac
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$path" "$root$dest"
  done < <(img_ldd "$stage" "$@")
}

# img_base ROOT: the files every image gets: /etc/passwd, /etc/group (root, nobody),
# /etc/nsswitch.conf, /tmp (1777), /root, /var, /home, /run.
img_base() {
  local root=$1
  mkdir -p "$root"/{etc,root,var,home,run,tmp,bin,usr/bin,usr/sbin}
  chmod 1777 "$root/tmp"; chmod 700 "$root/root"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"$root/etc/group"
  printf '%s\n' 'passwd: files' 'group: files' 'shadow: files' 'hosts: files dns' >"$root/etc/nsswitch.conf"
}

# img_import ROOT TAG CHANGE...: tar ROOT into the engine as TAG, each CHANGE a Dockerfile line.
img_import() {
  local root=$1 tag=$2 c; shift 2
  local args=()
  for c in "$@"; do args+=(--change "$c"); done
  tar -C "$root" --numeric-owner -c . | docker import "${args[@]}" -m "lab offline image" - "$tag" >/dev/null
}

# shellcheck disable=SC2034 # used by the recipes
IMG_PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
