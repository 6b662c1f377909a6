"""Indonesian for Qt's own texts: standard buttons, wizard, context menus, file dialog.

Qt ships no ``qtbase_id.qm``, so the app carries its own (``resources/i18n/qtbase_id.ts``,
compiled with ``tools/build_translations.py``). Should a future Qt release ship an official
Indonesian catalogue it is loaded too, underneath ours: ours is searched first, so the office
wording stays the same while Qt's covers whatever ours does not.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..paths import resource

log = logging.getLogger(__name__)

#: Our own catalogue of Qt texts, under ``resources/i18n``.
OWN_CATALOGUE = "qtbase_id.qm"

#: Qt's catalogues, first found wins: ``qt_*`` is a meta catalogue that pulls in ``qtbase_*``.
QT_CATALOGUES = ("qt_id_ID.qm", "qt_id.qm", "qtbase_id_ID.qm", "qtbase_id.qm")


def indonesian_locale() -> QLocale:
    return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def _qt_catalogue() -> Path | None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in QT_CATALOGUES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _load(path: Path) -> QTranslator | None:
    translator = QTranslator()
    if translator.load(str(path)):
        return translator
    log.warning("Berkas terjemahan Qt tidak dapat dimuat: %s", path)
    return None


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Set the default locale to id_ID and install the Indonesian catalogues of Qt's texts.

    Returns the installed translators; the caller must keep the list for as long as the
    application runs (a translator that is garbage collected uninstalls itself).
    """
    QLocale.setDefault(indonesian_locale())

    loaded: list[QTranslator] = []
    qt_path = _qt_catalogue()
    if qt_path is not None:
        translator = _load(qt_path)
        if translator is not None:
            loaded.append(translator)

    try:
        own_path = resource("i18n", OWN_CATALOGUE)
    except FileNotFoundError:
        log.warning(
            "Terjemahan Indonesia untuk tombol standar Qt tidak ditemukan (%s); "
            "tombol akan tampil dalam bahasa Inggris.",
            OWN_CATALOGUE,
        )
    else:
        translator = _load(own_path)
        if translator is not None:
            loaded.append(translator)

    # The translator installed last is searched first, so ours (appended last) takes precedence.
    installed: list[QTranslator] = []
    for translator in loaded:
        if app.installTranslator(translator):
            installed.append(translator)
        else:
            log.warning("Terjemahan tidak dapat dipasang: %s", translator.filePath())
    return installed
