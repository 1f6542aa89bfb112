#!/usr/bin/env bash
# Install the built app for the current user so it appears in the desktop menu.
#   packaging/linux/install.sh [DIST_DIR]     # default: dist/desktop-gpt
#   packaging/linux/install.sh --uninstall
# Puts the app in ~/.local/opt/desktop-gpt, a launcher in ~/.local/bin, the menu entry in
# ~/.local/share/applications (with the document types it opens, as the .deb's: build-deb.sh) and the
# icons in ~/.local/share/icons/hicolor. Your documents,
# models and chats (in the user data folder) are never touched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
app_dir="$HOME/.local/opt/desktop-gpt"
bin_dir="$HOME/.local/bin"
entry="$data_home/applications/desktop-gpt.desktop"

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data_home/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data_home/mime" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app_dir" "$entry" "$bin_dir/desktop-gpt" "$data_home/mime/packages/desktop-gpt.xml"
  find "$data_home/icons/hicolor" -name desktop-gpt.png -delete 2>/dev/null || true
  refresh_caches
  echo "Desktop GPT removed. Your documents, models and chats were left in place."
  exit 0
fi

dist="${1:-$root/dist/desktop-gpt}"
if [ ! -x "$dist/desktop-gpt" ]; then
  echo "No built app in $dist. Build it first: .venv/bin/pyinstaller --noconfirm build.spec" >&2
  exit 1
fi
mkdir -p "$(dirname "$app_dir")" "$bin_dir" "$data_home/applications"
staging="$app_dir.new.$$"
rm -rf "$staging"
cp -a "$dist" "$staging"
rm -rf "$app_dir.old"
[ -d "$app_dir" ] && mv "$app_dir" "$app_dir.old"
mv "$staging" "$app_dir"
rm -rf "$app_dir.old"
ln -sfn "$app_dir/desktop-gpt" "$bin_dir/desktop-gpt"
for icon in "$here"/icons/hicolor/*/apps/desktop-gpt.png; do
  size_dir="$(basename "$(dirname "$(dirname "$icon")")")"
  install -D -m 644 "$icon" "$data_home/icons/hicolor/$size_dir/apps/desktop-gpt.png"
done
install -D -m 644 "$here/desktop-gpt-mime.xml" "$data_home/mime/packages/desktop-gpt.xml"  # HWPX
sed -e "s|^Exec=.*|Exec=\"$app_dir/desktop-gpt\" %F|" -e "s|^TryExec=.*||" "$here/desktop-gpt.desktop" > "$entry.tmp"
mv "$entry.tmp" "$entry"
chmod 644 "$entry"
command -v desktop-file-validate >/dev/null 2>&1 && desktop-file-validate "$entry" || true
refresh_caches
echo "Installed Desktop GPT in $app_dir; it is in your applications menu as \"Desktop GPT\"."
