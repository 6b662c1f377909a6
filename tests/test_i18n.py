"""Qt's own texts (standard buttons, wizard, context menus) read in Indonesian."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QWizard,
    QWizardPage,
)

from kecamatan_app.paths import resource_root
from kecamatan_app.views.i18n import install_translations

I18N_DIR = resource_root() / "i18n"
TS_FILES = sorted(I18N_DIR.glob("*.ts"))


def plain(text: str) -> str:
    """Button text as the clerk reads it: accelerator markers removed."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@pytest.fixture
def translated(qapp: QApplication) -> Iterator[list[QTranslator]]:
    previous_locale = QLocale()
    translators = install_translations(qapp)
    yield translators
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous_locale)


def test_installs_own_catalogue_and_indonesian_locale(translated: list[QTranslator]) -> None:
    assert any(Path(t.filePath()).name == "qtbase_id.qm" for t in translated)
    assert QLocale().language() == QLocale.Language.Indonesian
    assert QLocale().name() == "id_ID"


def test_message_box_buttons(translated: list[QTranslator], qtbot) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    sb = QMessageBox.StandardButton
    box.setStandardButtons(sb.Yes | sb.No | sb.Cancel)
    texts = {button: plain(box.button(button).text()) for button in (sb.Yes, sb.No, sb.Cancel)}
    assert texts == {sb.Yes: "Ya", sb.No: "Tidak", sb.Cancel: "Batal"}


def test_message_box_details_button(translated: list[QTranslator], qtbot) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDetailedText("rincian")
    texts = [plain(b.text()) for b in box.buttons()]
    assert "OK" in texts
    assert "Tampilkan Rincian..." in texts


def test_dialog_button_box(translated: list[QTranslator], qtbot) -> None:
    sb = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(sb.Ok | sb.Cancel | sb.Save)
    qtbot.addWidget(box)
    assert plain(box.button(sb.Ok).text()) == "OK"
    assert plain(box.button(sb.Cancel).text()) == "Batal"
    assert plain(box.button(sb.Save).text()) == "Simpan"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            QWizard.WizardStyle.ClassicStyle,
            {"next": "Lanjut >", "back": "< Kembali", "finish": "Selesai", "cancel": "Batal"},
        ),
        (
            QWizard.WizardStyle.ModernStyle,
            {"next": "Lanjut >", "back": "< Kembali", "finish": "Selesai", "cancel": "Batal"},
        ),
        (
            QWizard.WizardStyle.MacStyle,
            {"next": "Lanjutkan", "back": "Kembali", "finish": "Selesai", "cancel": "Batal"},
        ),
    ],
)
def test_wizard_buttons(
    translated: list[QTranslator], qtbot, style: QWizard.WizardStyle, expected: dict[str, str]
) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    wizard.setWizardStyle(style)
    wb = QWizard.WizardButton
    texts = {
        "next": plain(wizard.buttonText(wb.NextButton)),
        "back": plain(wizard.buttonText(wb.BackButton)),
        "finish": plain(wizard.buttonText(wb.FinishButton)),
        "cancel": plain(wizard.buttonText(wb.CancelButton)),
    }
    assert texts == expected


def test_line_edit_context_menu(translated: list[QTranslator], qtbot) -> None:
    edit = QLineEdit("NIK 1603")
    qtbot.addWidget(edit)
    edit.selectAll()
    menu = edit.createStandardContextMenu()
    texts = [plain(a.text()) for a in menu.actions() if not a.isSeparator()]
    for expected in ("Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"):
        assert any(t.startswith(expected) for t in texts), (expected, texts)
    menu.deleteLater()


# --- the catalogue files themselves --------------------------------------------------------


def test_there_is_a_catalogue() -> None:
    assert I18N_DIR / "qtbase_id.ts" in TS_FILES


def _messages(ts: Path) -> list[tuple[str, str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    assert root.tag == "TS"
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            out.append((name, source, comment, message))
    return out


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_is_complete(ts: Path) -> None:
    root = ET.parse(ts).getroot()
    assert root.get("language", "").split("_")[0] == "id"
    messages = _messages(ts)
    assert messages
    seen = set()
    for context, source, comment, message in messages:
        key = (context, source, comment)
        assert key not in seen, f"duplikat: {key}"
        seen.add(key)
        assert context and source, key
        translation = message.find("translation")
        assert translation is not None, key
        assert translation.get("type") not in {"unfinished", "vanished", "obsolete"}, key
        text = translation.text or ""
        assert text.strip(), key
        # Place markers (%1, %2, ...) and line breaks must survive translation.
        assert sorted(re.findall(r"%\d", text)) == sorted(re.findall(r"%\d", source)), key
        assert text.count("\n") == source.count("\n"), key
        # At most one accelerator, and only where the source has one.
        accelerators = len(re.findall(r"&(?!&)", text.replace("&&", "")))
        assert accelerators == len(re.findall(r"&(?!&)", source.replace("&&", ""))), key


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_loads_and_matches_ts(ts: Path, qapp: QApplication) -> None:
    qm = ts.with_suffix(".qm")
    assert qm.is_file(), f"{qm.name} belum dibuat: jalankan tools/build_translations.py"
    translator = QTranslator()
    assert translator.load(str(qm))
    assert not translator.isEmpty()
    for context, source, comment, message in _messages(ts):
        expected = message.findtext("translation") or ""
        got = translator.translate(context, source, comment or None)
        assert got == expected, (
            f"{qm.name} tidak sesuai dengan {ts.name} untuk {context}/{source!r}: "
            "jalankan tools/build_translations.py"
        )
