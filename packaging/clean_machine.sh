#!/usr/bin/env bash
# Clean-machine check of the Debian package, as a brand-new user meets it.
#
# As root (or with password-less sudo) the package is really installed: `apt-get install` of the .deb
# (which resolves its Depends, Recommends left out), then the files it puts in place are checked
# (/usr/bin/desktop-gpt, the menu entry, icons, MIME type, man page) and so is the work of the
# triggers of the desktop database, icon cache and MIME database. A throwaway user (useradd, an empty
# home) runs it with no network (`unshare -n`, only loopback up), a PATH without any virtual
# environment, nothing of this session's environment but the locale, and Qt's offscreen platform:
# the first start must install the models the package carries, then it must ingest a generated PDF,
# answer a question citing the right page (ask --json) and pass its --self-test, leaving no process
# behind. Then `apt-get remove` and `purge` must take the app, menu entry and MIME type away and leave
# the user's data folder as it was; the user is deleted.
#
# Without root or sudo, or when desktop-gpt is already installed on this machine (the check would
# replace and remove it), or with --unpacked, the package is unpacked (dpkg-deb -x) into a temporary
# folder instead and its app run with an empty HOME in a new user and network namespace (`unshare -rn`).
#
# Quiet on success (a few lines of figures); on failure it says what failed and prints the logs.
# Usage: packaging/clean_machine.sh [--unpacked] [DEB]   (default: the newest dist/desktop-gpt_*_amd64.deb)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
mode=install
if [ "${1:-}" = "--unpacked" ]; then
  mode=unpacked
  shift
fi
deb="${1:-$(ls -t dist/desktop-gpt_*_amd64.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "clean machine: no package (build one: packaging/linux/build-deb.sh)" >&2; exit 1; }
deb="$(realpath "$deb")"
if [ "$mode" = install ] && [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    exec sudo -n "$root/packaging/clean_machine.sh" "$deb"
  fi
  echo "clean machine: not root and no password-less sudo, so the package is checked unpacked, not installed"
  mode=unpacked
fi
if [ "$mode" = install ] && dpkg-query -W -f='${Status}' desktop-gpt 2>/dev/null | grep -q 'ok installed'; then
  echo "clean machine: desktop-gpt is already installed here and the check would replace and remove it," \
       "so the package is checked unpacked instead"
  mode=unpacked
fi

start=$(date +%s)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/desktop-gpt-clean.XXXXXX")"
chmod 755 "$tmp"  # the new user reads the sample document in it
user=""
installed=""
cleanup() {
  if [ -n "$installed" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq desktop-gpt >/dev/null 2>&1 || true
    dpkg --purge desktop-gpt >/dev/null 2>&1 || true
  fi
  if [ -n "$user" ]; then
    for pid in $(pgrep -u "$user" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    userdel "$user" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "clean machine: $1" >&2; shift; for log in "$@"; do [ -s "$log" ] && cat "$log" >&2; done; exit 1; }
# An apt-get command, quiet, its output kept in a log; the package lists are fetched once if stale.
apt_get() {
  local log="$1"
  shift
  DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends "$@" >"$log" 2>&1 && return 0
  apt-get update -qq >>"$log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends "$@" >>"$log" 2>&1
}

# The document: three pages, the fact on page 2 (the self-test's sample), written before the sandbox.
mkdir -p "$tmp/docs"
PYTHONPATH="$root" python3 - "$tmp/docs/port-report.pdf" <<'PY'
import sys
from pathlib import Path
from desktop_gpt.diagnostics.samplepdf import write_text_pdf
from desktop_gpt.diagnostics.selftest import FACT, FILLER
write_text_pdf(Path(sys.argv[1]), [FILLER * 6, FILLER * 2 + FACT + " " + FILLER * 2, FILLER * 5], title="Port report")
PY
chmod -R a+rX "$tmp/docs"

if [ "$mode" = install ]; then
  # The tools whose triggers an installed menu entry, icon and MIME type set off, as on any desktop.
  tools=(desktop-file-utils gtk-update-icon-cache shared-mime-info hicolor-icon-theme)
  missing=()
  for tool in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$tool" 2>/dev/null | grep -q 'ok installed' || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_get "$tmp/tools.log" install "${missing[@]}" || fail "could not install ${missing[*]} (for the triggers)" "$tmp/tools.log"
  fi
  touch "$tmp/before-install"
  sleep 1  # the icon cache written by the trigger is then strictly newer
  installed=yes
  install_start=$(date +%s)
  apt_get "$tmp/install.log" install "$deb" || fail "apt-get install of $(basename "$deb") failed" "$tmp/install.log"
  install_s=$(( $(date +%s) - install_start ))
  dpkg --audit >"$tmp/audit.log" 2>&1 || true
  [ ! -s "$tmp/audit.log" ] || fail "dpkg reports packages left unconfigured (a trigger failed):" "$tmp/audit.log" "$tmp/install.log"
  for pkg in desktop-gpt "${tools[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || fail "$pkg is '$status' after the install (a trigger did not complete)" "$tmp/install.log"
  done
  grep -q '^E:' "$tmp/install.log" && fail "apt-get reported errors" "$tmp/install.log"
  # What the package puts in place.
  [ "$(readlink /usr/bin/desktop-gpt)" = /opt/desktop-gpt/desktop-gpt ] && [ -x /opt/desktop-gpt/desktop-gpt ] \
    || fail "/usr/bin/desktop-gpt does not lead to /opt/desktop-gpt/desktop-gpt"
  entry=/usr/share/applications/desktop-gpt.desktop
  [ -f "$entry" ] || fail "no menu entry at $entry"
  desktop-file-validate "$entry" >"$tmp/validate.log" 2>&1 || fail "the menu entry is not valid" "$tmp/validate.log"
  for icon in packaging/linux/icons/hicolor/*/apps/desktop-gpt.png; do
    size_dir="$(basename "$(dirname "$(dirname "$icon")")")"
    [ -f "/usr/share/icons/hicolor/$size_dir/apps/desktop-gpt.png" ] || fail "no $size_dir icon installed"
  done
  [ -f /usr/share/man/man1/desktop-gpt.1.gz ] || fail "no man page installed"
  # The triggers' work: the desktop database lists the entry's document types, the icon cache was
  # rebuilt, and the MIME database knows the HWPX type the package declares.
  grep -q 'desktop-gpt.desktop' /usr/share/applications/mimeinfo.cache 2>/dev/null \
    || fail "the desktop database (mimeinfo.cache) does not list desktop-gpt.desktop" "$tmp/install.log"
  [ /usr/share/icons/hicolor/icon-theme.cache -nt "$tmp/before-install" ] \
    || fail "the hicolor icon cache was not rebuilt after the install" "$tmp/install.log"
  [ -f /usr/share/mime/application/hwp+zip.xml ] || fail "the MIME database does not know application/hwp+zip" "$tmp/install.log"
  app_kb=$(du -sk /opt/desktop-gpt | cut -f1)
  models_kb=$(du -sk /opt/desktop-gpt/_internal/bundled | cut -f1)
  echo "clean machine: apt-get installed $(basename "$deb") in $install_s s (/opt/desktop-gpt $((app_kb / 1024)) MB," \
       "$(((app_kb - models_kb) / 1024)) MB without its models); menu entry, icons, MIME type and man page in" \
       "place, the desktop database, icon cache and MIME database updated"

  # A brand-new user: an empty home (no /etc/skel), nothing of this session's environment but the
  # locale, and no network (a new network namespace, made as root, whose loopback alone is up).
  user="dgptcheck$$"
  home="$tmp/home"
  useradd --no-create-home --home-dir "$home" --shell /bin/sh --user-group "$user" \
    || fail "useradd $user failed"
  install -d -m 700 -o "$user" -g "$user" "$home"
  runuser -u "$user" -- test -w /opt/desktop-gpt && fail "the new user can write to /opt/desktop-gpt"
  run() {
    unshare -n sh -c 'ip link set lo up 2>/dev/null || true; exec "$@"' sandbox \
      runuser -u "$user" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
      QT_QPA_PLATFORM=offscreen sh -c 'cd && exec desktop-gpt "$@"' desktop-gpt "$@"
  }
else
  dpkg-deb -x "$deb" "$tmp/root"
  app="$tmp/root/opt/desktop-gpt/desktop-gpt"
  [ -x "$app" ] || fail "the package holds no /opt/desktop-gpt/desktop-gpt"
  [ "$(readlink "$tmp/root/usr/bin/desktop-gpt")" = /opt/desktop-gpt/desktop-gpt ] \
    || fail "/usr/bin/desktop-gpt does not lead to the app"
  with_kb=$(du -sk "$tmp/root" | cut -f1)
  models_kb=$(du -sk "$tmp/root/opt/desktop-gpt/_internal/bundled" | cut -f1)
  echo "clean machine: unpacked, installed size $((with_kb / 1024)) MB with its models," \
       "$(((with_kb - models_kb) / 1024)) MB without"
  home="$tmp/home"
  mkdir -p "$home"
  sandbox=(unshare -rn sh -c 'ip link set lo up 2>/dev/null || true; exec "$@"' sandbox)
  if ! unshare -rn true 2>/dev/null; then
    echo "clean machine: unshare -rn is not permitted here (no user namespaces), so the app runs WITH the" \
         "network; the empty HOME and clean PATH still hold"
    sandbox=()
  fi
  run() {
    "${sandbox[@]}" env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
      QT_QPA_PLATFORM=offscreen TMPDIR="$tmp" "$app" "$@"
  }
fi

data="$home/.local/share/desktop-gpt"
out="$tmp/out"
mkdir -p "$out"
installed_at=$(date +%s)
run ingest "$tmp/docs/port-report.pdf" --json >"$out/ingest.json" 2>"$out/ingest.err" \
  || fail "ingesting the PDF failed" "$out/ingest.json" "$out/ingest.err"
first=$(date +%s)
[ -d "$data/models" ] || fail "the first start made no models folder in $data" "$out/ingest.err"
data_kb=$(du -sk "$data" | cut -f1)
echo "clean machine: first start installed the models ($((data_kb / 1024)) MB in the new user's data folder) and ingested the PDF"
# A short answer, as the self-test's: SmolLM2 on two busy cores can otherwise ramble for minutes.
run settings max_answer_tokens 64 >/dev/null 2>"$out/settings.err" || fail "changing a setting failed" "$out/settings.err"
run ask "Who is the harbour master of Port Elsby?" --json >"$out/ask.json" 2>"$out/ask.err" \
  || fail "asking failed" "$out/ask.json" "$out/ask.err"
python3 - "$out/ask.json" <<'PY' || fail "the answer did not cite page 2 of port-report.pdf" "$out/ask.json" "$out/ask.err"
import json, sys
answer = json.load(open(sys.argv[1], encoding="utf-8"))
sources = answer["sources"]
assert sources and sources[0]["page"] == 2 and "port-report" in sources[0]["path"] + sources[0]["document"], sources
print(f"clean machine: answered {answer['answer'].strip()[:80]!r}, citing {sources[0]['document']} page 2")
PY
asked=$(date +%s)
run --self-test >"$out/selftest.json" 2>"$out/selftest.err" || fail "the self-test failed" "$out/selftest.json" "$out/selftest.err"
tested=$(date +%s)

if [ "$mode" = install ]; then
  # Nothing of the app may outlive it (its helper processes end with it).
  for _ in $(seq 20); do pgrep -u "$user" >/dev/null || break; sleep 0.5; done
  if pgrep -u "$user" >/dev/null; then
    ps -o pid,args -u "$user" >"$tmp/left.log" 2>&1 || true
    fail "processes of the app were left running:" "$tmp/left.log"
  fi
  fingerprint() { (cd "$data" && find . -printf '%p %s %T@ %m\n' | LC_ALL=C sort | md5sum); }
  before="$(fingerprint)"
  apt_get "$tmp/remove.log" remove desktop-gpt || fail "apt-get remove desktop-gpt failed" "$tmp/remove.log"
  for path in /opt/desktop-gpt /usr/bin/desktop-gpt /usr/share/applications/desktop-gpt.desktop \
              /usr/share/mime/packages/desktop-gpt.xml /usr/share/mime/application/hwp+zip.xml; do
    [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path is still there after apt-get remove" "$tmp/remove.log"
  done
  grep -q 'desktop-gpt.desktop' /usr/share/applications/mimeinfo.cache 2>/dev/null \
    && fail "the desktop database still lists desktop-gpt.desktop after the removal" "$tmp/remove.log"
  [ "$(fingerprint)" = "$before" ] || fail "apt-get remove changed the user's data folder $data"
  # The package has no configuration files, so the removal leaves dpkg nothing of it to purge.
  if [ -n "$(dpkg-query -W -f='${Status}' desktop-gpt 2>/dev/null | grep -v not-installed || true)" ]; then
    apt_get "$tmp/purge.log" purge desktop-gpt || fail "apt-get purge desktop-gpt failed" "$tmp/purge.log"
  fi
  installed=""
  [ -z "$(dpkg-query -W -f='${Status}' desktop-gpt 2>/dev/null | grep -v not-installed || true)" ] \
    || fail "dpkg still knows desktop-gpt after the purge: $(dpkg-query -W -f='${Status}' desktop-gpt)"
  dpkg --audit >"$tmp/audit.log" 2>&1 || true
  [ ! -s "$tmp/audit.log" ] || fail "dpkg reports packages left unconfigured after the removal:" "$tmp/audit.log"
  [ "$(fingerprint)" = "$before" ] || fail "apt-get purge changed the user's data folder $data"
  userdel "$user" || fail "userdel $user failed"
  user=""
  echo "clean machine: apt-get remove and purge took the app, its menu entry and MIME type away and left" \
       "the user's data folder as it was ($(find "$data" -type f | wc -l) files)"
fi
echo "clean machine: first start and ingest $((first - installed_at)) s, ask $((asked - first)) s," \
     "self-test $((tested - asked)) s; passed in $(( $(date +%s) - start )) s"
