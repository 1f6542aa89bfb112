#!/usr/bin/env bash
# Clean-machine check of the Debian package: unpack it (dpkg-deb -x) into a temporary root and run its
# app as a brand-new user would: an empty HOME, a PATH without any virtual environment, no network
# (a new user and network namespace, `unshare -rn`, whose loopback alone is up) and Qt's offscreen
# platform. The app's first start must install the models it carries; then it must ingest a generated
# PDF, answer a question citing the right page (ask --json) and pass its --self-test.
# Usage: packaging/clean_machine.sh [DEB]   (default: the newest dist/desktop-gpt_*_amd64.deb)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
deb="${1:-$(ls -t dist/desktop-gpt_*_amd64.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "clean machine: no package (build one: packaging/linux/build-deb.sh)" >&2; exit 1; }
start=$(date +%s)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/desktop-gpt-clean.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
app="$tmp/root/opt/desktop-gpt/desktop-gpt"
[ -x "$app" ] || { echo "clean machine: the package holds no /opt/desktop-gpt/desktop-gpt" >&2; exit 1; }
[ "$(readlink "$tmp/root/usr/bin/desktop-gpt")" = /opt/desktop-gpt/desktop-gpt ] \
  || { echo "clean machine: /usr/bin/desktop-gpt does not lead to the app" >&2; exit 1; }
with_kb=$(du -sk "$tmp/root" | cut -f1)
models_kb=$(du -sk "$tmp/root/opt/desktop-gpt/_internal/bundled" | cut -f1)
echo "clean machine: installed size $((with_kb / 1024)) MB with its models, $(((with_kb - models_kb) / 1024)) MB without"

# The document: three pages, the fact on page 2 (the self-test's sample), written before the sandbox.
mkdir -p "$tmp/home" "$tmp/docs"
PYTHONPATH="$root" python3 - "$tmp/docs/port-report.pdf" <<'PY'
import sys
from pathlib import Path
from desktop_gpt.diagnostics.samplepdf import write_text_pdf
from desktop_gpt.diagnostics.selftest import FACT, FILLER
write_text_pdf(Path(sys.argv[1]), [FILLER * 6, FILLER * 2 + FACT + " " + FILLER * 2, FILLER * 5], title="Port report")
PY

sandbox=(unshare -rn sh -c 'ip link set lo up 2>/dev/null || true; exec "$@"' sandbox)
if ! unshare -rn true 2>/dev/null; then
  echo "clean machine: unshare -rn is not permitted here (no user namespaces), so the app runs WITH the" \
       "network; the empty HOME and clean PATH still hold"
  sandbox=()
fi
# A brand-new user: nothing of this session's environment but the locale.
run() {
  "${sandbox[@]}" env -i HOME="$tmp/home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen TMPDIR="$tmp" "$app" "$@"
}
fail() { echo "clean machine: $1" >&2; shift; cat "$@" >&2; exit 1; }

run ingest "$tmp/docs/port-report.pdf" --json >"$tmp/ingest.json" 2>"$tmp/ingest.err" \
  || fail "ingesting the PDF failed" "$tmp/ingest.json" "$tmp/ingest.err"
first=$(date +%s)
data_kb=$(du -sk "$tmp/home/.local/share/desktop-gpt" | cut -f1)
echo "clean machine: first start installed the models ($((data_kb / 1024)) MB in the new user's data folder) and ingested the PDF"
# A short answer, as the self-test's: SmolLM2 on two busy cores can otherwise ramble for minutes.
run settings max_answer_tokens 64 >/dev/null 2>"$tmp/settings.err" || fail "changing a setting failed" "$tmp/settings.err"
run ask "Who is the harbour master of Port Elsby?" --json >"$tmp/ask.json" 2>"$tmp/ask.err" \
  || fail "asking failed" "$tmp/ask.json" "$tmp/ask.err"
python3 - "$tmp/ask.json" <<'PY' || fail "the answer did not cite page 2 of port-report.pdf" "$tmp/ask.json" "$tmp/ask.err"
import json, sys
answer = json.load(open(sys.argv[1], encoding="utf-8"))
sources = answer["sources"]
assert sources and sources[0]["page"] == 2 and "port-report" in sources[0]["path"] + sources[0]["document"], sources
print(f"clean machine: answered {answer['answer'].strip()[:80]!r}, citing {sources[0]['document']} page 2")
PY
asked=$(date +%s)
run --self-test >"$tmp/selftest.json" 2>"$tmp/selftest.err" || fail "the self-test failed" "$tmp/selftest.json" "$tmp/selftest.err"
echo "clean machine: ingest+first start $((first - start)) s, ask $((asked - first)) s, self-test $(( $(date +%s) - asked )) s;" \
  "passed in $(( $(date +%s) - start )) s"
