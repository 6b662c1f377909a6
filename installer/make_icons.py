"""Render the app icon (resources/icons/kecamatan-tksk.svg) to PNG sizes and a Windows .ico.

    python installer/make_icons.py

Qt's SVG renderer draws each size from the vector (sharper at 16 px than shrinking a large
bitmap); Pillow writes the multi-size .ico that PyInstaller and Inno Setup take. Run it again
after changing the SVG and commit the results.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "kecamatan_app" / "resources" / "icons"
SVG = ICONS / "kecamatan-tksk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"kecamatan-tksk-{size}.png"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"SVG tidak sah: {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(png_path(size)))  # format from the .png suffix
        print(f"{png_path(size).relative_to(ROOT)}")
    images = [Image.open(png_path(size)).convert("RGBA") for size in SIZES]
    ico = ICONS / "kecamatan-tksk.ico"
    images[-1].save(ico, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(f"{ico.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
