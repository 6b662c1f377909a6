#!/bin/sh
# Memasang (atau mencopot) entri menu dan ikon Kecamatan TKSK untuk pengguna ini, tanpa root.
#
#   sh installer/linux/pasang.sh [PROGRAM]     pasang; PROGRAM = jalur program kecamatan-app
#   sh installer/linux/pasang.sh --hapus       copot entri menu dan ikon (data tidak disentuh)
#
# PROGRAM bawaan: dist/KecamatanTKSK/kecamatan-app bila paket PyInstaller sudah dibuat, jika
# tidak `kecamatan-app` yang ada di PATH (pemasangan dengan pip). Berkas yang ditulis:
#   ~/.local/share/applications/kecamatan-tksk.desktop
#   ~/.local/share/icons/hicolor/<N>x<N>/apps/kecamatan-tksk.png dan scalable/apps/...svg
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ICONS="$ROOT/kecamatan_app/resources/icons"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS="$DATA/applications"
HICOLOR="$DATA/icons/hicolor"
SIZES="16 24 32 48 64 128 256"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && \
        gtk-update-icon-cache -q -t "$HICOLOR" 2>/dev/null || true
}

if [ "${1:-}" = "--hapus" ]; then
    rm -f "$APPS/kecamatan-tksk.desktop" "$HICOLOR/scalable/apps/kecamatan-tksk.svg"
    for n in $SIZES; do rm -f "$HICOLOR/${n}x${n}/apps/kecamatan-tksk.png"; done
    refresh
    echo "Entri menu dan ikon Kecamatan TKSK dicopot. Folder data tidak diubah."
    exit 0
fi

if [ $# -ge 1 ]; then
    PROGRAM=$1
elif [ -x "$ROOT/dist/KecamatanTKSK/kecamatan-app" ]; then
    PROGRAM="$ROOT/dist/KecamatanTKSK/kecamatan-app"
elif command -v kecamatan-app >/dev/null 2>&1; then
    PROGRAM=$(command -v kecamatan-app)
else
    echo "Program kecamatan-app tidak ditemukan. Buat paketnya (python3 installer/build.py)" >&2
    echo "atau beri jalurnya: sh installer/linux/pasang.sh /jalur/ke/kecamatan-app" >&2
    exit 1
fi
case "$PROGRAM" in /*) ;; *) PROGRAM="$(pwd)/$PROGRAM" ;; esac
if [ ! -x "$PROGRAM" ]; then
    echo "Bukan program yang dapat dijalankan: $PROGRAM" >&2
    exit 1
fi

mkdir -p "$APPS" "$HICOLOR/scalable/apps"
for n in $SIZES; do
    mkdir -p "$HICOLOR/${n}x${n}/apps"
    cp "$ICONS/kecamatan-tksk-$n.png" "$HICOLOR/${n}x${n}/apps/kecamatan-tksk.png"
done
cp "$ICONS/kecamatan-tksk.svg" "$HICOLOR/scalable/apps/kecamatan-tksk.svg"
# Exec: the program's absolute path, quoted (the desktop entry spec allows spaces in quotes)
ESCAPED=$(printf '%s' "$PROGRAM" | sed 's/[\\"`$]/\\\\&/g')
sed "s|^Exec=.*|Exec=\"$ESCAPED\"|" "$HERE/kecamatan-tksk.desktop" > "$APPS/kecamatan-tksk.desktop"
refresh
echo "Kecamatan TKSK ada di menu aplikasi (kategori Office/Perkantoran)."
echo "Program: $PROGRAM"
