"""Scope in a Dinas database: TKSK candidates and appointments, activities, referrals, reports,
the audit trail, retention and the things every kecamatan shares."""

from __future__ import annotations

import datetime as dt

import pytest

from kecamatan_app.models import Desa
from kecamatan_app.services import (
    audit,
    audit_query,
    berkas,
    kegiatan,
    kegiatan_daftar,
    laporan,
    pendaftar,
    pendaftar_daftar,
    penugasan,
    referensi,
    rekap_kegiatan,
    retensi,
    rujukan_daftar,
    settings,
)
from kecamatan_app.services.errors import NotFound, PermissionDenied, ValidationError
from tests import dinas_bantu as bantu


def test_candidates_and_appointments(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    assert [r.nama for r in pendaftar_daftar.search(c["operator_a"])] == ["Calon A"]
    assert [r.nama for r in pendaftar_daftar.search(c["camat_b"])] == ["Calon B"]
    assert {r.nama for r in pendaftar_daftar.search(c["dinas"])} == {"Calon A", "Calon B"}
    assert [r.nama for r in pendaftar_daftar.search(c["dinas"], pendaftar_daftar.PendaftarFilter(
        kecamatan_id=b.kecamatan_id))] == ["Calon B"]
    assert [t.nama for t in penugasan.history(c["operator_a"])] == ["Calon A"]
    assert {t.nama for t in penugasan.history(c["admin"])} == {"Calon A", "Calon B"}
    assert penugasan.aktif_untuk(c["operator_b"]).nama == "Calon B"
    assert penugasan.aktif_untuk(c["dinas"], a.kecamatan_id).nama == "Calon A"
    assert penugasan.active() is None  # a Dinas database has no single TKSK
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        penugasan.aktif_untuk(c["dinas"])
    op_a = c["operator_a"]
    refused = [
        lambda: pendaftar.data_of(b.pendaftar_id, op_a),
        lambda: pendaftar.update(op_a, b.pendaftar_id, pendaftar.data_of(b.pendaftar_id)[0], 1),
        lambda: pendaftar.delete(op_a, b.pendaftar_id),
        lambda: penugasan.decisions(op_a, b.pendaftar_id),
        lambda: penugasan.for_candidate(op_a, b.pendaftar_id),
        lambda: penugasan.record_decision(op_a, b.pendaftar_id, "diusulkan", bantu.HARI),
        lambda: penugasan.terminate(op_a, b.penugasan_id, penugasan.PemberhentianData(
            bantu.HARI, penugasan.grounds()[0][0])),
        lambda: penugasan.aktif_untuk(op_a, b.kecamatan_id),
        lambda: berkas.list_for(op_a, b.pendaftar_id),
        lambda: berkas.content(op_a, b.berkas_id),
        lambda: berkas.set_verified(op_a, b.berkas_id, True),
        lambda: berkas.remove(op_a, b.berkas_id),
    ]
    for i, call in enumerate(refused):
        with pytest.raises(PermissionDenied):
            call()
            pytest.fail(f"panggilan {i} tidak ditolak")
    # a candidate registered by a kecamatan user belongs to their kecamatan, and its domicile
    # must be a desa of it
    data = pendaftar.data_of(a.pendaftar_id)[0]
    data.nik, data.periode_rekrutmen, data.desa_domisili_id = data.nik, "2027", b.desa_id
    with pytest.raises(ValidationError, match="Desa domisili tidak ditemukan"):
        pendaftar.create(op_a, data)
    data.desa_domisili_id = a.desa_id
    pid, _ = pendaftar.create(op_a, data)
    assert pendaftar.data_of(pid, op_a)[0].kecamatan_id == a.kecamatan_id
    # the same NIK may apply in B in the same period: the duplicate check is per kecamatan
    data.kecamatan_id, data.desa_domisili_id = b.kecamatan_id, b.desa_id
    pid_b, _ = pendaftar.create(c["admin"], data)
    assert pendaftar.data_of(pid_b)[0].kecamatan_id == b.kecamatan_id
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        pendaftar.create(c["admin"], pendaftar.PendaftarData(nik=data.nik, nama="X"))


def test_activities_referrals_and_reports(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    judul_a = {r.judul for r in kegiatan_daftar.search(c["tksk_a"])}
    judul_b = {r.judul for r in kegiatan_daftar.search(c["camat_b"])}
    assert "Rapat koordinasi A" in judul_a and not any(" B" in j for j in judul_a)
    assert "Rapat koordinasi B" in judul_b and not any(" A" in j for j in judul_b)
    assert kegiatan_daftar.count(c["operator_a"]) == 2  # the meeting and the referral
    assert [r.id for r in rujukan_daftar.search(c["tksk_a"])] == [a.rujukan_id]
    assert [r.id for r in rujukan_daftar.search(c["camat_b"])] == [b.rujukan_id]
    for call in (lambda: kegiatan.data_of(c["tksk_a"], b.kegiatan_id),
                 lambda: rujukan_daftar.detail(c["tksk_a"], b.rujukan_id),
                 lambda: laporan.by_id(c["tksk_a"], b.laporan_id)):
        with pytest.raises(NotFound):
            call()
    assert laporan.get(c["camat_a"], bantu.HARI.year, bantu.HARI.month).id == a.laporan_id
    assert laporan.get(c["camat_b"], bantu.HARI.year, bantu.HARI.month).id == b.laporan_id
    # the Dinas Sosial reads a chosen kecamatan's activity recap, never without a choice
    rekap_a = rekap_kegiatan.per_desa(c["operator_a"], None, None)
    assert rekap_a.total.jumlah == 2
    rekap_b = rekap_kegiatan.per_desa(c["dinas"], None, None, kecamatan_id=b.kecamatan_id)
    desa_b = {d.nama for d in Desa.select().where(Desa.kecamatan == b.kecamatan_id)}
    assert rekap_b.total.jumlah == 2
    assert {r.desa for r in rekap_b.baris} == desa_b | {rekap_kegiatan.BARIS_KECAMATAN}
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        kegiatan.kecamatan_of(c["dinas"])
    with pytest.raises(PermissionDenied):
        rekap_kegiatan.per_desa(c["operator_a"], None, None, kecamatan_id=b.kecamatan_id)


def test_audit_trail_of_a_kecamatan(dunia):
    c = dunia.cast
    rows = audit.search(c["admin_a"], audit.AuditFilter(), limit=10_000)
    users_a = {c[f"{p}_a"].user_id for p in ("admin", "operator", "tksk", "camat")}
    assert rows and all(r.pelaku.split(" ")[0].endswith(".a") for r in rows)
    assert audit.count(c["camat_a"], audit.AuditFilter()) == len(rows)
    assert {uid for uid, _ in audit_query.audit_actors(c["admin_a"])} <= users_a
    everything = audit.count(c["admin"], audit.AuditFilter())
    assert everything > len(rows) + audit.count(c["admin_b"], audit.AuditFilter())
    assert not any("Warga B" in r.ringkasan or "Calon B" in r.ringkasan
                   for r in audit.rows_for_export(c["camat_a"], audit.AuditFilter()))


def test_retention_of_a_kecamatan_admin_covers_only_their_kecamatan(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    far = dt.date.today() + dt.timedelta(days=365 * 20)
    mine = retensi.calon(c["admin_a"], far)
    ids = {(x.jenis, x.id) for x in mine.baris}
    assert ("warga", a.lama_id) in ids and ("kegiatan", a.kegiatan_id) in ids
    assert not {("warga", b.lama_id), ("kegiatan", b.kegiatan_id),
                ("pendaftar", b.pendaftar_id)} & ids
    assert not any(" B " in x.uraian or x.uraian.endswith(" B") for x in mine.baris)
    every = {(x.jenis, x.id) for x in retensi.calon(c["admin"], far).baris}
    assert ("warga", b.lama_id) in every and ("warga", a.lama_id) in every


def test_what_every_kecamatan_shares_is_for_the_kabupaten(dunia):
    c = dunia.cast
    for who in ("admin_a", "operator_b"):
        with pytest.raises(PermissionDenied, match="hanya administrator kabupaten"):
            referensi.save(c[who], "program", None, f"p_{who}", "Program Baru")
    with pytest.raises(PermissionDenied, match="hanya administrator kabupaten"):
        settings.set_value(c["admin_a"], "keamanan.maks_gagal_login", 6)
    settings.set_value(c["admin"], "keamanan.maks_gagal_login", 6)
    referensi.save(c["admin"], "program", None, "p_kab", "Program Kabupaten")


def test_prints_carry_the_kop_of_the_records_kecamatan(dunia):
    from kecamatan_app.services import cetak_rujukan, cetak_tksk

    c, a, b = dunia.cast, dunia.a, dunia.b
    lembar = cetak_tksk.lembar_data(c["admin"], b.pendaftar_id)
    assert lembar.kecamatan == "Tanjung Agung"
    assert "KECAMATAN TANJUNG AGUNG" in lembar.kop.lines
    with pytest.raises(PermissionDenied):
        cetak_tksk.lembar_data(c["operator_a"], b.pendaftar_id)
    daftar = cetak_tksk.daftar_data(c["operator_a"])
    assert [r.nama for r in daftar.baris] == ["Calon A"]
    surat = cetak_rujukan.surat_data(c["tksk_b"], b.rujukan_id)
    assert surat.kecamatan == "Tanjung Agung" and "KECAMATAN TANJUNG AGUNG" in surat.kop.lines
    with pytest.raises(NotFound):
        cetak_rujukan.surat_data(c["tksk_a"], b.rujukan_id)
    assert cetak_rujukan.surat_data(c["tksk_a"], a.rujukan_id).kecamatan == "Gelumbang"
