#!/usr/bin/env bash
# Builds a local Debian bookworm base image without pulling from any registry:
#   debootstrap --variant=minbase bookworm <rootfs> <mirror>
#   tar -C <rootfs> -c . | docker import - baton/debian-base:bookworm
#
# The mirror is read from the host's apt configuration
# (/etc/apt/sources.list.d/debian.sources, else /etc/apt/sources.list), unless
# BATON_DEBIAN_MIRROR is set. The image's apt sources point at that same mirror.
#
# Usage: docker/base/build-base.sh [--force]
#   --force   rebuild even if the image already exists
# Environment:
#   BATON_BASE_TAG        image tag to produce (default baton/debian-base:bookworm)
#   BATON_DEBIAN_MIRROR   mirror URL (default: from the host's apt sources)
#
# Needs root (debootstrap) and a running Docker daemon. Nothing is kept outside
# /var/cache and /tmp except the image: the rootfs is built in a temporary
# directory under /tmp and removed; downloaded .debs are cached in
# /var/cache/baton/debootstrap so that --force rebuilds are faster.
set -euo pipefail

SUITE=bookworm
TAG="${BATON_BASE_TAG:-baton/debian-base:bookworm}"
CACHE_DIR=/var/cache/baton/debootstrap
FORCE=0

for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "build-base: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[build-base] %s\n' "$*" >&2; }
t_start=$SECONDS
elapsed() { printf '%ds' $((SECONDS - $1)); }

if [[ $FORCE -eq 0 ]] && docker image inspect "$TAG" >/dev/null 2>&1; then
  log "image $TAG already exists, skipping (use --force to rebuild) [$(elapsed "$t_start")]"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  log "debootstrap needs root; re-run with sudo" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
docker info >/dev/null 2>&1 || { log "cannot talk to the Docker daemon"; exit 1; }

# --- find the Debian mirror ----------------------------------------------------
# First URI of a deb822 stanza (or one-line 'deb' entry) that serves $SUITE itself
# (not -security / -updates).
find_mirror() {
  local f=/etc/apt/sources.list.d/debian.sources m
  if [[ -r $f ]]; then
    m="$(awk -v suite="$SUITE" '
      function flush() {
        if (uris != "" && types ~ /(^|[ \t])deb([ \t]|$)/) {
          n = split(suites, s, /[ \t]+/)
          for (i = 1; i <= n; i++) if (s[i] == suite) { split(uris, u, /[ \t]+/); print u[1]; found = 1; exit }
        }
        uris = ""; suites = ""; types = ""
      }
      /^[ \t]*$/        { flush(); next }
      /^[ \t]*#/        { next }
      /^URIs:/          { sub(/^URIs:[ \t]*/, "");   uris = $0 }
      /^Suites:/        { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Types:/         { sub(/^Types:[ \t]*/, "");  types = $0 }
      END               { if (!found) flush() }
    ' "$f")"
    [[ -n $m ]] && { echo "$m"; return; }
  fi
  if [[ -r /etc/apt/sources.list ]]; then
    awk -v suite="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1) == suite) { print $i; exit } }' /etc/apt/sources.list
  fi
  return 0
}

MIRROR="${BATON_DEBIAN_MIRROR:-}"
if [[ -z $MIRROR ]]; then
  MIRROR="$(find_mirror)"
fi
if [[ -z $MIRROR ]]; then
  log "could not find a Debian mirror for $SUITE in the host's apt sources; set BATON_DEBIAN_MIRROR"
  exit 1
fi
MIRROR="${MIRROR%/}"
log "mirror: $MIRROR"

# --- debootstrap -----------------------------------------------------------------
ROOTFS="$(mktemp -d /tmp/baton-rootfs.XXXXXX)"
cleanup() {
  # debootstrap may leave /proc or /sys mounted in the target on failure
  local m
  awk -v r="$ROOTFS" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$ROOTFS"
}
trap cleanup EXIT
mkdir -p "$CACHE_DIR"

t=$SECONDS
log "debootstrap --variant=minbase $SUITE $ROOTFS $MIRROR"
if ! debootstrap --variant=minbase --cache-dir="$CACHE_DIR" "$SUITE" "$ROOTFS" "$MIRROR" >/tmp/baton-debootstrap.log 2>&1; then
  tail -n 30 /tmp/baton-debootstrap.log >&2
  [[ -f $ROOTFS/debootstrap/debootstrap.log ]] && tail -n 30 "$ROOTFS/debootstrap/debootstrap.log" >&2
  log "debootstrap failed (full log: /tmp/baton-debootstrap.log)"
  exit 1
fi
log "debootstrap done [$(elapsed "$t")]"

# --- container-friendly configuration (as the official debian images do) ---------
t=$SECONDS
# apt sources: the host's deb822 file if it exists (same mirror, plus -updates and
# -security), otherwise debootstrap's one-line sources.list.
if [[ -z ${BATON_DEBIAN_MIRROR:-} && -r /etc/apt/sources.list.d/debian.sources ]]; then
  install -m 0644 /etc/apt/sources.list.d/debian.sources "$ROOTFS/etc/apt/sources.list.d/debian.sources"
  rm -f "$ROOTFS/etc/apt/sources.list"
fi

# never start services from maintainer scripts inside the image
cat > "$ROOTFS/usr/sbin/policy-rc.d" <<'POLICY'
#!/bin/sh
exit 101
POLICY
chmod 0755 "$ROOTFS/usr/sbin/policy-rc.d"

cat > "$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
echo 'Acquire::Languages "none";' > "$ROOTFS/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' > "$ROOTFS/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$ROOTFS/etc/apt/apt.conf.d/docker-autoremove-suggests"

# slim: do not install docs, man pages or translations (copyright files are kept)
mkdir -p "$ROOTFS/etc/dpkg/dpkg.cfg.d"
cat > "$ROOTFS/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
DPKG
find "$ROOTFS/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$ROOTFS"/usr/share/{man,groff,info,lintian,linda,locale}/*

# The host's apt may be configured for a snapshot mirror whose Release files are
# past Valid-Until; carry those two settings over so apt in the image works too.
host_apt_opts="$(apt-config dump 2>/dev/null | grep -E '^Acquire::Check-(Valid-Until|Date) "false";$' || true)"
if [[ -n $host_apt_opts ]]; then
  printf '// copied from the build host: the mirror may be a snapshot\n%s\n' "$host_apt_opts" \
    > "$ROOTFS/etc/apt/apt.conf.d/99baton-mirror"
fi
log "configured rootfs [$(elapsed "$t")]"

# debootstrap only uses the release suite: bring in -updates and -security.
t=$SECONDS
mount -t proc proc "$ROOTFS/proc"
if ! { chroot "$ROOTFS" apt-get -q update &&
       chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
         -o Dpkg::Options::=--force-confold dist-upgrade &&
       chroot "$ROOTFS" apt-get clean; } >/tmp/baton-debootstrap-upgrade.log 2>&1; then
  tail -n 30 /tmp/baton-debootstrap-upgrade.log >&2
  log "apt-get dist-upgrade in the rootfs failed (log: /tmp/baton-debootstrap-upgrade.log)"
  exit 1
fi
umount "$ROOTFS/proc"
log "upgraded: $(grep -Eo '^[0-9]+ upgraded' /tmp/baton-debootstrap-upgrade.log || echo '?') [$(elapsed "$t")]"

# remove host- and build-specific leftovers
t=$SECONDS
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
       "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
find "$ROOTFS/var/log" -type f -delete
: > "$ROOTFS/etc/resolv.conf"
: > "$ROOTFS/etc/machine-id" 2>/dev/null || true
echo localhost > "$ROOTFS/etc/hostname"
log "cleaned rootfs [$(elapsed "$t")]"

# --- import ------------------------------------------------------------------------
t=$SECONDS
old_id="$(docker image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)"
log "importing as $TAG"
tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL dev.baton.base.suite=$SUITE dev.baton.base.mirror=$MIRROR dev.baton.base.built=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  - "$TAG" >/dev/null
log "imported [$(elapsed "$t")]"
# drop the image this one replaced (--force), unless still tagged or used by another image
if [[ -n $old_id && $old_id != "$(docker image inspect --format '{{.Id}}' "$TAG")" ]]; then
  docker rmi "$old_id" >/dev/null 2>&1 || true
fi

log "$TAG: $(docker image inspect --format '{{.Size}}' "$TAG" | awk '{printf "%.1f MB", $1/1e6}') [total $(elapsed "$t_start")]"
