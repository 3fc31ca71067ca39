# Sourced by scripts/setup and scripts/podman-start: installing Debian packages where that is
# possible (root, apt-get, Debian). The caller defines say(); logs go to $state/apt-NAME.log.

# can_apt: whether this machine lets the scripts install packages themselves.
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -f /etc/debian_version ]; }

# apt_install NAME [--recommends] [--no-services] PACKAGE...: one `apt-get install`, its
# output in $state/apt-NAME.log; returns apt-get's failure, the caller says what that costs.
#   --recommends   also the packages' Recommends (podman's fuse-overlayfs, slirp4netns)
#   --no-services  start no service the packages bring (openssh-server would start an sshd on
#                  port 22 that nobody asked for): a policy-rc.d of ours for the install only
apt_install() {
  local name=$1 t rec=--no-install-recommends policy=
  shift
  while [ $# -gt 0 ]; do
    case $1 in
      --recommends) rec= ;;
      --no-services) [ -e /usr/sbin/policy-rc.d ] || policy=/usr/sbin/policy-rc.d ;;
      *) break ;;
    esac
    shift
  done
  if [ -n "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"; fi
  t=$(date +%s)
  say "installing $* (apt-get)"
  local rc=0
  { apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $rec "$@"; } \
    >"$state/apt-$name.log" 2>&1 || rc=$?
  [ -z "$policy" ] || rm -f "$policy"
  if [ "$rc" = 0 ]; then
    say "installed in $(( $(date +%s) - t ))s"
  else
    tail -n 5 "$state/apt-$name.log" | sed 's/^/  /' >&2
  fi
  return "$rc"
}
