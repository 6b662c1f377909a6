"""The first-start wizard: the kind of database, then for a kecamatan office its kecamatan,
office and kop surat, camat and first administrator; for a Dinas Sosial its kabupaten/kota and
first administrator.

Nothing is written before Selesai: then one call of ``kantor.setup_office`` (or
``dinas.setup_dinas``) creates everything in one transaction. When it refuses, the message is
shown and the wizard goes back to the page of the first wrong field. With ``admin_only`` (office
exists, no account yet) only the last page shows.
"""

from __future__ import annotations

import html
import logging
import re

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..services import dinas, formatting, kantor, lingkup, users, wilayah
from ..services.errors import AppError, ValidationError
from ..services.nip import check_nip, format_nip
from ..services.wilayah import KecamatanRef
from . import messages
from .login import error_label, password_policy, show_inline
from .wizard_jenis import JenisPage

log = logging.getLogger(__name__)

PAGE_JENIS, PAGE_KECAMATAN, PAGE_KANTOR, PAGE_CAMAT, PAGE_ADMIN = range(5)
_ADMIN_FIELDS = ("nama_pengguna", "nama_lengkap", "sandi", "ulangi_sandi")
JENIS_LABEL = {"desa": "Desa", "kelurahan": "Kelurahan", "desa_adat": "Desa adat"}


def page_for_field(field: str) -> int:
    """The wizard page holding a service's field name."""
    if field.startswith("camat_"):
        return PAGE_CAMAT
    if field in _ADMIN_FIELDS:
        return PAGE_ADMIN
    if field == "kode_wilayah":
        return PAGE_KECAMATAN
    if field == "kabupaten_kode":
        return PAGE_JENIS
    return PAGE_KANTOR


class _Page(QWizardPage):
    """A page with a form whose fields are known by the services' field names."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)

    def add(
        self, field: str, text: str, edit: QLineEdit | None = None, placeholder: str = ""
    ) -> QLineEdit:
        edit = edit or QLineEdit()
        edit.setPlaceholderText(placeholder)
        label = QLabel(text)
        label.setBuddy(edit)
        self.form.addRow(label, edit)
        self.fields[field] = edit
        self.labels[field] = label
        edit.textChanged.connect(self.completeChanged)
        return edit

    def text(self, field: str) -> str:
        return self.fields[field].text()

    def validatePage(self) -> bool:
        return self.isComplete()  # also when next() is called without the (disabled) button

    def focus_field(self, field: str) -> None:
        edit = self.fields.get(field)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()


class KecamatanPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Kecamatan",
            "Ketik kode Kemendagri kecamatan ini (contoh: 16.03.06) "
            "atau namanya, lalu pilih dari daftar yang muncul.",
        )
        self.ref: KecamatanRef | None = None
        self._codes = {ref.label: ref.kode for ref in wilayah.all_kecamatan()}
        edit = self.add(
            "kode_wilayah", "&Kecamatan: *", placeholder="contoh: 16.03.06 atau Gelumbang"
        )
        completer = QCompleter(list(self._codes), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        edit.setCompleter(completer)
        edit.textChanged.connect(lambda: self.resolve(final=False))
        edit.editingFinished.connect(lambda: self.resolve(final=True))
        self.error = error_label()
        self.summary = QLabel("")
        self.summary.setObjectName("ringkasanKecamatan")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.desa_view = QTreeWidget()
        self.desa_view.setHeaderLabels(["Kode", "Nama desa/kelurahan", "Jenis"])
        self.desa_view.setRootIsDecorated(False)
        self.desa_view.setAlternatingRowColors(True)
        self.desa_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        caption = QLabel("Desa dan kelurahan yang akan dibuat:")
        caption.setBuddy(self.desa_view)
        for widget in (self.error, self.summary, caption):
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.desa_view, 1)

    def _lookup(self, text: str) -> tuple[KecamatanRef | None, str]:
        text = " ".join(text.split())
        if not text:
            return None, ""
        if text in self._codes:
            return wilayah.get_kecamatan(self._codes[text]), ""
        code = re.match(r"[\d.\s]*", text)
        if code and code.group().strip():
            try:
                return wilayah.get_kecamatan(code.group()), ""
            except AppError as exc:
                return None, str(exc)
        same = [
            r
            for r in wilayah.search_kecamatan(text, limit=50)
            if r.nama.casefold() == text.casefold()
        ]
        if len(same) == 1:
            return same[0], ""
        if same:
            return None, (
                f"Ada {len(same)} kecamatan bernama {text}. Pilih yang benar dari "
                "daftar (nama kabupaten/kota ikut tertulis)."
            )
        return None, (
            "Kecamatan tidak ditemukan. Ketik kode Kemendagri (contoh: 16.03.06) "
            "atau pilih nama kecamatan dari daftar."
        )

    def resolve(self, final: bool) -> None:
        text = self.text("kode_wilayah")
        ref, problem = self._lookup(text)
        digits = sum(c.isdigit() for c in text)
        show_inline(self.error, problem if (final or digits >= 6 or ref) else "")
        if ref != self.ref:
            self.ref = ref
            self._show(ref)
            self.completeChanged.emit()

    def _show(self, ref: KecamatanRef | None) -> None:
        self.desa_view.clear()
        if ref is None:
            self.summary.setText("")
            return
        desa = wilayah.desa_of(ref.kode)
        n_kel = sum(d.jenis == "kelurahan" for d in desa)
        parts = [
            f"{n} {jenis}" for n, jenis in ((n_kel, "kelurahan"), (len(desa) - n_kel, "desa")) if n
        ]
        self.summary.setText(
            f"Kecamatan {ref.nama}, {ref.kabupaten.nama}, Provinsi "
            f"{ref.kabupaten.provinsi.nama} \u2014 {', '.join(parts) or 'belum ada data desa'}"
        )
        self.desa_view.addTopLevelItems(
            [QTreeWidgetItem([d.kode, d.nama, JENIS_LABEL.get(d.jenis, d.jenis)]) for d in desa]
        )

    def isComplete(self) -> bool:
        return self.ref is not None


class KantorPage(_Page):
    _KOP = ("kop_baris_1", "kop_baris_2", "kop_baris_3", "kop_baris_4")
    _CONTACT = ("alamat", "kode_pos", "telepon")

    def __init__(self) -> None:
        super().__init__(
            "Kantor dan kop surat",
            "Alamat kantor dan kop surat untuk laporan yang dicetak. Isian bertanda * wajib diisi.",
        )
        self.kode = ""
        self.add("alamat", "&Alamat kantor: *", placeholder="contoh: Jl. Merdeka No. 1")
        kode_pos = self.add("kode_pos", "Kode &pos:", placeholder="5 angka")
        kode_pos.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), self))
        self.add("telepon", "&Telepon:")
        self.add("email", "&Email:", placeholder="contoh: kec.gelumbang@muaraenimkab.go.id")
        self.add("tempat_surat", "Te&mpat surat:", placeholder="kota/tempat di atas tanda tangan")
        for n, field in enumerate(self._KOP, 1):
            self.add(field, f"Kop surat baris &{n}:" + (" *" if n == 1 else ""))
        self.preview = QLabel()
        self.preview.setObjectName("pratinjauKop")
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: white; color: black; padding: 8px;")
        self.layout_.addWidget(QLabel("Pratinjau kop surat:"))
        self.layout_.addWidget(self.preview)
        self.layout_.addStretch(1)
        for field in self._CONTACT:
            self.fields[field].textChanged.connect(self.fill_defaults)
        for field in self._KOP:
            self.fields[field].textChanged.connect(self._update_preview)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, SetupWizard) and wizard.kecamatan_page.ref is not None:
            self.kode = wizard.kecamatan_page.ref.kode
        self.fill_defaults()

    def fill_defaults(self) -> None:
        """Kop lines and place from ``default_kop``, but only where the user typed nothing."""
        if not self.kode:
            return
        alamat, kode_pos, telepon = (self.text(f).strip() for f in self._CONTACT)
        default = kantor.default_kop(self.kode, alamat, kode_pos, telepon)
        for field in (*self._KOP, "tempat_surat"):
            edit = self.fields[field]
            if not edit.isModified():
                edit.setText(getattr(default, field))
        self._update_preview()

    def _update_preview(self) -> None:
        lines = [html.escape(self.text(f).strip()) for f in self._KOP]
        rows = [
            f"<b>{lines[0]}</b>",
            f"<b style='font-size:large'>{lines[1]}</b>",
            *(f"<b style='font-size:small'>{line}</b>" for line in lines[2:]),
        ]
        self.preview.setText(
            "<div align='center'>"
            + "<br>".join(row for row, line in zip(rows, lines, strict=True) if line)
            + "</div><hr>"
        )

    def isComplete(self) -> bool:
        return bool(self.text("alamat").strip() and self.text("kop_baris_1").strip())

    def data(self) -> kantor.KantorData:
        return kantor.KantorData(**{f: e.text().strip() for f, e in self.fields.items()})


class CamatPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Camat", "Pejabat yang menandatangani laporan. Isian bertanda * wajib diisi."
        )
        self.add("camat_nama", "&Nama camat: *", placeholder="lengkap dengan gelar")
        self.plt = QCheckBox("Pejabat pelaksana tugas (&Plt.)")
        self.form.addRow("", self.plt)
        self.nip_valid = True
        nip = self.add("camat_nip", "N&IP:", placeholder="18 angka, boleh dengan spasi")
        self.nip_message = error_label()
        self.form.addRow("", self.nip_message)
        self.add(
            "camat_keterangan", "Ke&terangan jabatan:", placeholder="contoh: Plt. Camat Gelumbang"
        )
        self.add("camat_pangkat", "Pangkat/&golongan:", placeholder="contoh: Pembina, IV/a")
        nip.textChanged.connect(self.check_nip)
        self.plt.toggled.connect(self._plt_changed)
        self._plt_changed(False)

    def _plt_changed(self, plt: bool) -> None:
        self.labels["camat_nip"].setText("N&IP (bila ada):" if plt else "N&IP: *")
        self.labels["camat_keterangan"].setText(
            "Ke&terangan jabatan: *" if plt else "Ke&terangan jabatan:"
        )
        self.fields["camat_keterangan"].setEnabled(plt)
        self.completeChanged.emit()

    def check_nip(self) -> None:
        nip = self.text("camat_nip").replace(" ", "")
        result = check_nip(nip) if nip else None
        self.nip_valid = result is None or result.valid
        colour, text = "#b00020", ""
        if result is not None and (result.errors or result.warnings):
            colour = "#b00020" if result.errors else "#8a5a00"
            text = "\n".join(result.errors or result.warnings)
        elif result is not None and result.tanggal_lahir and result.tmt:
            colour = "#1b5e20"
            text = (
                f"NIP {format_nip(nip)}: lahir {formatting.tanggal(result.tanggal_lahir)}, "
                f"TMT {formatting.bulan_tahun(result.tmt.year, result.tmt.month)}."
            )
        self.nip_message.setStyleSheet(f"color: {colour};")
        show_inline(self.nip_message, text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.text("camat_nama").strip() or not self.nip_valid:
            return False
        if self.plt.isChecked():
            return bool(self.text("camat_keterangan").strip())
        return bool(self.text("camat_nip").strip())

    def data(self) -> kantor.CamatData:
        plt = self.plt.isChecked()
        return kantor.CamatData(
            nama=self.text("camat_nama").strip(),
            nip=self.text("camat_nip").replace(" ", ""),
            plt=plt,
            keterangan_jabatan=self.text("camat_keterangan").strip() if plt else "",
            pangkat=self.text("camat_pangkat").strip(),
        )


class AdminPage(_Page):
    def __init__(self, admin_only: bool) -> None:
        intro = "Kantor sudah disiapkan, tetapi belum ada akun pengguna. " if admin_only else ""
        super().__init__(
            "Administrator",
            intro + "Buat akun administrator pertama. Dengan akun "
            "ini Anda menambah pengguna lain di Pengaturan.",
        )
        self.add("nama_pengguna", "&Nama pengguna: *", placeholder="contoh: admin")
        self.add("nama_lengkap", "Nama &lengkap: *")
        for field, text in (("sandi", "K&ata sandi: *"), ("ulangi_sandi", "&Ulangi kata sandi: *")):
            self.add(field, text).setEchoMode(QLineEdit.EchoMode.Password)
        policy = QLabel(password_policy())
        policy.setWordWrap(True)
        self.error = error_label()
        self.layout_.addWidget(policy)
        self.layout_.addWidget(self.error)
        self.layout_.addStretch(1)

    def isComplete(self) -> bool:
        return all(self.text(f).strip() for f in _ADMIN_FIELDS)

    def data(self) -> kantor.AdminData:
        name, full, sandi, ulangi = (self.text(f) for f in _ADMIN_FIELDS)
        return kantor.AdminData(name.strip(), full.strip(), sandi, ulangi)


class SetupWizard(QWizard):
    def __init__(self, parent: QWidget | None = None, admin_only: bool = False) -> None:
        super().__init__(parent)
        self.admin_only = admin_only
        self.office: kantor.OfficeInfo | None = None
        self.dinas: dinas.DinasInfo | None = None
        self.setWindowTitle("Penyiapan Kecamatan TKSK")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.jenis_page = JenisPage(PAGE_KECAMATAN, PAGE_ADMIN)
        self.kecamatan_page = KecamatanPage()
        self.kantor_page = KantorPage()
        self.camat_page = CamatPage()
        self.admin_page = AdminPage(admin_only)
        if not admin_only:
            self.setPage(PAGE_JENIS, self.jenis_page)
            self.setPage(PAGE_KECAMATAN, self.kecamatan_page)
            self.setPage(PAGE_KANTOR, self.kantor_page)
            self.setPage(PAGE_CAMAT, self.camat_page)
        self.setPage(PAGE_ADMIN, self.admin_page)
        self.resize(820, 620)

    def submit(self) -> bool:
        """Create the office (or only the first admin); on refusal show why and go there."""
        admin = self.admin_page.data()
        try:
            if self.admin_only:
                a, office = admin, kantor.get_office()
                # a Dinas database's first administrator sees every kecamatan
                kec = office.kecamatan_id if office and not lingkup.is_dinas() else None
                users.create_first_admin(a.nama_pengguna, a.nama_lengkap, a.sandi, a.ulangi, kec)
            elif self.jenis_page.is_dinas:
                kab = self.jenis_page.kab.kode if self.jenis_page.kab else ""
                self.dinas = dinas.setup_dinas(kab, admin)
            else:
                kode = self.kecamatan_page.ref.kode if self.kecamatan_page.ref else ""
                kantor_data, camat = self.kantor_page.data(), self.camat_page.data()
                self.office = kantor.setup_office(kode, kantor_data, camat, admin)
        except AppError as exc:
            messages.show_error(self, exc)
            self.go_to_problem(exc)
            return False
        log.info("Penyiapan selesai (%s)", "akun admin" if self.admin_only
                 else "Dinas Sosial" if self.dinas else "kantor")
        return True

    def go_to_problem(self, exc: AppError) -> None:
        problems = exc.problems if isinstance(exc, ValidationError) else []
        if not problems:
            return
        field = problems[0].field
        target = page_for_field(field)
        while self.currentId() > target and self.currentId() != self.startId():
            self.back()
        page = self.page(target)
        if isinstance(page, (_Page, JenisPage)):
            page.focus_field(field)
        if target == PAGE_ADMIN:
            show_inline(self.admin_page.error, str(exc))

    def accept(self) -> None:
        if self.validateCurrentPage() and self.submit():
            super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, admin_only: bool = False
    ) -> tuple[kantor.OfficeInfo | None, bool]:
        wizard = cls(parent, admin_only)
        accepted = wizard.exec() == QWizard.DialogCode.Accepted
        wizard.deleteLater()
        return (kantor.get_office() if accepted else None), accepted
