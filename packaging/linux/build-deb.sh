#!/usr/bin/env bash
# Build the Debian package from the frozen app:  packaging/linux/build-deb.sh [DIST_DIR]
# → dist/desktop-gpt_<version>_amd64.deb: the app in /opt/desktop-gpt, /usr/bin/desktop-gpt, the menu
# entry with the document types it opens, icons, the HWPX MIME type, a man page, copyright and changelog.
# No maintainer script: installing and removing never touch anyone's documents, models or chats
# (the data folder is per user, under ~/.local/share/desktop-gpt). Then runs lintian when it is installed.
# Build the app first (packaging/check.sh does both): .venv/bin/pyinstaller --noconfirm build.spec
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="${1:-$root/dist/desktop-gpt}"
[ -x "$dist/desktop-gpt" ] || { echo "build-deb: no built app in $dist (build it first: pyinstaller build.spec)" >&2; exit 1; }
version="$("$dist/desktop-gpt" --version | awk '{print $2}')"
arch="$(dpkg --print-architecture)"
deb="$root/dist/desktop-gpt_${version}_${arch}.deb"
start=$(date +%s)
stage="$(mktemp -d "${TMPDIR:-/tmp}/desktop-gpt-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/root"
doc="$pkg/usr/share/doc/desktop-gpt"
install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" "$doc" \
  "$pkg/usr/share/man/man1" "$pkg/usr/share/mime/packages" "$pkg/usr/share/lintian/overrides"
cp -a "$dist" "$pkg/opt/desktop-gpt"
# Files read by everyone, written by root only; shared objects not executable (they are only loaded).
# Not stripped here: build.spec already stripped every library that strips safely
# (packaging/linux/strip_bundle.py); strip breaks the others, which auditwheel rewrote with patchelf
# (numpy's OpenBLAS then fails to load: "ELF load command address/offset not page-aligned").
find "$pkg" -type d -exec chmod 755 {} +
find "$pkg/opt" -type f -exec chmod u+rw,go+r,go-w {} +
find "$pkg/opt" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 644 {} +
ln -s /opt/desktop-gpt/desktop-gpt "$pkg/usr/bin/desktop-gpt"
install -m 644 "$here/desktop-gpt.desktop" "$pkg/usr/share/applications/desktop-gpt.desktop"
install -m 644 "$here/desktop-gpt-mime.xml" "$pkg/usr/share/mime/packages/desktop-gpt.xml"
for icon in "$here"/icons/hicolor/*/apps/desktop-gpt.png; do
  size_dir="$(basename "$(dirname "$(dirname "$icon")")")"
  install -D -m 644 "$icon" "$pkg/usr/share/icons/hicolor/$size_dir/apps/desktop-gpt.png"
done
gzip -9n < "$here/deb/desktop-gpt.1" > "$pkg/usr/share/man/man1/desktop-gpt.1.gz"
install -m 644 "$here/deb/copyright" "$doc/copyright"
# A native package's changelog, dated by the last commit (the same input gives the same package).
when="$(git -C "$root" log -1 --format=%aD 2>/dev/null || date -R)"
printf 'desktop-gpt (%s) unstable; urgency=medium\n\n  * Release %s: see README.md for what the app does.\n\n -- Desktop GPT maintainers <maintainers@desktop-gpt.invalid>  %s\n' \
  "$version" "$version" "$when" | gzip -9n > "$doc/changelog.gz"
install -m 644 "$here/deb/lintian-overrides" "$pkg/usr/share/lintian/overrides/desktop-gpt"
chmod 644 "$doc/changelog.gz" "$pkg/usr/share/man/man1/desktop-gpt.1.gz"
# Depends: the system libraries the bundle's ELF files need but do not carry, by owning package.
depends="$(python3 - "$pkg/opt/desktop-gpt" <<'PY'
import os, re, subprocess, sys
root = sys.argv[1]
carried, needed = set(), set()
for folder, _dirs, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        carried.add(name)
        if os.path.islink(path):
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        dyn = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dyn))
cache = {}
for line in subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines():
    m = re.match(r"\s+(\S+) \((libc6,x86-64[^)]*)\) => (\S+)", line)
    if m:
        cache.setdefault(m.group(1), m.group(3))
# Libraries this build machine may lack (a headless one): Qt's X11 platform plugin needs the xcb
# ones; the Wayland and GTK ones only serve other plugins, which Qt skips when they are missing.
KNOWN = {
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
OPTIONAL = {
    "libgtk-3.so.0": "libgtk-3-0", "libgdk-3.so.0": "libgtk-3-0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
}
packages = {"sensible-utils"}  # the bundled Python's webbrowser module runs sensible-browser
recommends = set()
for lib in sorted(needed - carried):
    if lib in OPTIONAL:
        recommends.add(OPTIONAL[lib])
        continue
    if lib not in cache and lib in KNOWN:
        packages.add(KNOWN[lib])
        continue
    if lib not in cache:
        print(f"build-deb: {lib} is needed but neither bundled nor on this system", file=sys.stderr)
        continue
    real = os.path.realpath(cache[lib])
    for candidate in (cache[lib], real, real.replace("/usr/lib/", "/lib/", 1)):
        owner = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if owner.returncode == 0:
            packages.add(owner.stdout.split(":")[0])
            break
    else:
        print(f"build-deb: no package owns {cache[lib]}", file=sys.stderr)
libc = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libc6"], capture_output=True, text=True).stdout
libc = libc.split("-")[0]
print(", ".join(f"{p} (>= {libc})" if p == "libc6" else p for p in sorted(packages)))
print(", ".join(sorted(recommends - packages)))
PY
)"
recommends="$(sed -n 2p <<<"$depends")"
depends="$(sed -n 1p <<<"$depends")"
installed_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
models_kb="$(du -sk "$pkg/opt/desktop-gpt/_internal/bundled" | cut -f1)"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: desktop-gpt
Version: $version
Architecture: $arch
Maintainer: Desktop GPT maintainers <maintainers@desktop-gpt.invalid>
Installed-Size: $installed_kb
Depends: $depends
Recommends: $recommends
Section: text
Priority: optional
Description: chat with your own documents, entirely on this machine
 Desktop GPT indexes PDF, text, Markdown and office documents (DOCX, ODT,
 RTF, HTML, EPUB, PPTX, XLSX, CSV, HWPX) and answers questions about them
 with a local language model, citing the pages it used.
 .
 The package is self-contained: it carries its own Python, Qt, model engine,
 a small starter chat model, a multilingual embedding model and English and
 Korean OCR data, which the first start copies into the user's data folder.
 No network is needed.
CONTROL
# Checksums of every file, as dpkg records them.
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
chmod 644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"
mkdir -p "$(dirname "$deb")"
# gzip -6: about 40 s on this machine where xz -1 took 190 s; lintian (Debian 12) refuses zstd.
SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)" \
  dpkg-deb --root-owner-group -Zgzip -z6 --build "$pkg" "$deb" >/dev/null
echo "build-deb: built $(basename "$deb") in $(( $(date +%s) - start )) s: $(du -h "$deb" | cut -f1) to download," \
  "installs $(( installed_kb / 1024 )) MB ($(( (installed_kb - models_kb) / 1024 )) MB without its models)"
if command -v lintian >/dev/null; then
  # Errors fail the build; warnings are printed (the overrides say why each remaining one is inherent).
  lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" || { echo "build-deb: lintian found errors" >&2; exit 1; }
else
  echo "build-deb: lintian is not installed (apt-get install lintian), the package was not checked"
fi
