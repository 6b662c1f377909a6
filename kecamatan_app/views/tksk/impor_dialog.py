"""TKSK > Pendaftar > Impor Excel: the shared import dialog (:mod:`..impor_dialog`) over
``services.impor_pendaftar``."""

from __future__ import annotations

from ...services import impor_pendaftar as ip
from ..impor_dialog import ImporDialog, ImporJenis

PENDAFTAR = ImporJenis(
    module=ip,
    title="Impor pendaftar TKSK dari Excel",
    satuan="orang",
    barang="pendaftar",
    catatan="NIK yang sudah terdaftar pada periode yang sama memperbarui data pendaftar itu.",
    template_name="templat-impor-pendaftar-tksk.xlsx",
    problems_stem="masalah-impor-pendaftar",
)


class ImporPendaftarDialog(ImporDialog):
    JENIS = PENDAFTAR
