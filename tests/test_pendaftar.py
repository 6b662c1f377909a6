"""Candidates, documents, selection, appointment, replacement and termination (services)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kecamatan_app.models import JejakAudit, PemeriksaanSyarat, Pendaftar, Penugasan
from kecamatan_app.services import berkas, desa, pendaftar, penugasan, settings
from kecamatan_app.services import eligibility as el
from kecamatan_app.services.errors import Conflict, ValidationError
from kecamatan_app.services.pendaftar_daftar import PendaftarFilter, search
from tests.db_bantu import stored_contents

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def data(**kw) -> pendaftar.PendaftarData:
    base = dict(
        nik="1603065203990001", nama="Rina Marlina", jenis_kelamin="P",
        tanggal_lahir=dt.date(1999, 3, 12), kewarganegaraan="WNI",
        desa_domisili_id=desa.resolve("Sigam").id, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada", tanggal_daftar=dt.date(2026, 10, 1),
        periode_rekrutmen="2026")
    base.update(kw)
    return pendaftar.PendaftarData(**base)


def sk(nomor: str = "460/01/Dinsos/2026", selesai: dt.date | None = None,
       mulai: dt.date = dt.date(2026, 11, 1)) -> penugasan.SkData:
    return penugasan.SkData(nomor, mulai, "Kepala Dinas Sosial", mulai, selesai,
                            "16.03.06-0001")


def test_create_stores_checks_and_audits(admin):
    pid, warnings = pendaftar.create(admin, data())
    assert warnings == []
    assert pendaftar.kelayakan(pid).hasil == el.MEMENUHI_SYARAT
    stored = {c.kriteria: c.hasil for c in PemeriksaanSyarat.select()
              .where(PemeriksaanSyarat.pendaftar == pid)}
    assert len(stored) == 9 and set(stored.values()) == {el.MEMENUHI}
    tables = [j.tabel for j in JejakAudit.select()]
    assert "pendaftar" in tables and "pemeriksaan_syarat" in tables


def test_validation_lists_every_problem_and_writes_nothing(admin):
    bad = data(nik="1603063102990001", nama=" ", jenis_kelamin="X", pendidikan="SMA sederajat",
               rt="12a")
    with pytest.raises(ValidationError) as err:
        pendaftar.create(admin, bad)
    assert {p.field for p in err.value.problems} == {"nik", "nama", "jenis_kelamin",
                                                     "pendidikan", "rt"}
    assert Pendaftar.select().count() == 0


def test_nik_date_mismatch_is_a_warning(admin):
    _, warnings = pendaftar.create(admin, data(tanggal_lahir=dt.date(1999, 3, 13)))
    assert warnings and "tanggal lahir" in warnings[0].lower()


def test_same_nik_in_same_period_is_refused_with_the_existing_name(admin):
    pendaftar.create(admin, data())
    with pytest.raises(Conflict, match="sudah terdaftar atas nama Rina Marlina"):
        pendaftar.create(admin, data(nama="Orang Lain"))
    pid2, _ = pendaftar.create(admin, data(periode_rekrutmen="2027"))  # another period: allowed
    assert pendaftar.find_by_nik("1603065203990001", "2027") == pid2


def test_update_with_stale_version_is_refused_and_changes_are_audited(admin):
    pid, _ = pendaftar.create(admin, data())
    d, versi = pendaftar.data_of(pid)
    d.pendidikan = "SMP"
    pendaftar.update(admin, pid, d, versi)
    assert pendaftar.kelayakan(pid).hasil == el.TIDAK_MEMENUHI_SYARAT
    check = PemeriksaanSyarat.get((PemeriksaanSyarat.pendaftar == pid)
                                  & (PemeriksaanSyarat.kriteria == "pendidikan"))
    assert check.hasil == el.TIDAK
    with pytest.raises(Conflict, match="diubah orang lain"):
        pendaftar.update(admin, pid, d, versi)
    last = [j for j in JejakAudit.select().where(JejakAudit.tabel == "pendaftar")][-1]
    assert '"pendidikan": "SMA"' in last.data_lama and '"pendidikan": "SMP"' in last.data_baru


def test_domicile_by_alias_and_ktp_by_name(admin):
    pid, _ = pendaftar.create(admin, data(desa_domisili_id=desa.resolve("melilian").id))
    assert pendaftar.kelayakan(pid).by_kode("domisili").nilai == "tinggal di Desa Mililian"
    outside = data(nik="1603064506980002", tanggal_lahir=dt.date(1998, 6, 5),
                   desa_domisili_id=None, domisili_lain="Kota Palembang",
                   kecamatan_ktp="Gelumbang")
    pid2, _ = pendaftar.create(admin, outside)
    r = pendaftar.kelayakan(pid2).by_kode("domisili")
    assert r.hasil == el.MEMENUHI and "KTP Kecamatan Gelumbang" in r.nilai
    both_out = data(nik="1603064506980003", tanggal_lahir=dt.date(1998, 6, 5),
                    desa_domisili_id=None, domisili_lain="Kota Palembang",
                    kecamatan_ktp="16.71.01")
    pid3, _ = pendaftar.create(admin, both_out)
    assert pendaftar.kelayakan(pid3).by_kode("domisili").hasil == el.TIDAK


def test_documents_are_checked_stored_once_and_verified(admin, tmp_path: Path):
    pid, _ = pendaftar.create(admin, data())
    ijazah = next(t for t in berkas.types() if t.kriteria == "pendidikan")
    scan = tmp_path / "ijazah.png"
    scan.write_bytes(PNG)
    bid = berkas.attach(admin, pid, ijazah.id, scan)
    berkas.attach(admin, pid, ijazah.id, scan)  # same content: stored once
    assert len(stored_contents()) == 1
    assert pendaftar.kelayakan(pid).by_kode("pendidikan").bukti.endswith("(belum diverifikasi)")
    berkas.set_verified(admin, bid, True)
    row = berkas.list_for(admin, pid)[0]
    assert row.diverifikasi_oleh == "Admin Kecamatan" and row.diverifikasi_pada is not None
    assert "diverifikasi Admin Kecamatan" in pendaftar.kelayakan(pid).by_kode("pendidikan").bukti
    content, mime, _ = berkas.content(admin, bid)
    assert content == PNG and mime == "image/png"
    seen = JejakAudit.select().where((JejakAudit.aksi == "lihat_rinci")
                                     & (JejakAudit.tabel == "berkas")).first()
    assert seen is not None and seen.rekaman_id == str(bid)  # viewing a document is audited


def test_required_document_setting(admin, tmp_path: Path):
    pid, _ = pendaftar.create(admin, data())
    settings.set_value(admin, "tksk.berkas_wajib", "kelakuan_baik")
    assert pendaftar.kelayakan(pid).hasil == el.BELUM_LENGKAP
    skck = next(t for t in berkas.types() if t.kriteria == "kelakuan_baik")
    scan = tmp_path / "skck.pdf"
    scan.write_bytes(b"%PDF-1.4\n%contoh\n")
    berkas.set_verified(admin, berkas.attach(admin, pid, skck.id, scan), True)
    assert pendaftar.kelayakan(pid).hasil == el.MEMENUHI_SYARAT
    with pytest.raises(ValidationError, match="tidak dikenal"):
        settings.set_value(admin, "tksk.berkas_wajib", "skck")


@pytest.mark.parametrize("content,name,message", [
    (b"MZ\x90\x00 program", "surat.pdf", "bukan PDF, JPG, PNG"),
    (b"", "kosong.png", "kosong"),
])
def test_wrong_documents_are_refused(admin, tmp_path, content, name, message):
    pid, _ = pendaftar.create(admin, data())
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        berkas.attach(admin, pid, berkas.types()[0].id, f)
    assert berkas.list_for(admin, pid) == []


def test_too_large_document_is_refused(admin, tmp_path, monkeypatch):
    monkeypatch.setattr("kecamatan_app.services.lampiran.MAX_BYTES_DEFAULT", 50)
    pid, _ = pendaftar.create(admin, data())
    f = tmp_path / "besar.pdf"
    f.write_bytes(b"%PDF-1.4" + b"0" * 100)
    with pytest.raises(ValidationError, match="terlalu besar"):
        berkas.attach(admin, pid, berkas.types()[0].id, f)


def test_appointment_requires_eligibility_and_one_active_tksk(admin):
    pid, _ = pendaftar.create(admin, data())
    incomplete, _ = pendaftar.create(admin, data(nik="1603064506980002", nama="Budi",
                                                 jenis_kelamin="L",
                                                 tanggal_lahir=dt.date(1998, 6, 5), skck=None))
    with pytest.raises(Conflict, match="huruf g"):
        penugasan.appoint(admin, incomplete, sk())
    t = penugasan.appoint(admin, pid, sk())
    assert penugasan.active().nama == "Rina Marlina" and t.aktif
    other, _ = pendaftar.create(admin, data(nik="1603060101950003", nama="Andi",
                                            jenis_kelamin="L", tanggal_lahir=dt.date(1995, 1, 1)))
    with pytest.raises(Conflict, match="Rina Marlina masih aktif sebagai TKSK"):
        penugasan.appoint(admin, other, sk("460/02/2026"))
    assert Penugasan.select().count() == 1


def test_replacement_keeps_history(admin):
    first, _ = pendaftar.create(admin, data())
    penugasan.appoint(admin, first, sk())
    second, _ = pendaftar.create(admin, data(nik="1603060101950003", nama="Andi",
                                             jenis_kelamin="L",
                                             tanggal_lahir=dt.date(1995, 1, 1)))
    with pytest.raises(ValidationError, match="tumpang tindih"):
        penugasan.replace(admin, second, sk("460/09/2027", mulai=dt.date(2027, 3, 1)),
                          dt.date(2027, 3, 31))
    new = penugasan.replace(admin, second, sk("460/09/2027", mulai=dt.date(2027, 4, 1)),
                            dt.date(2027, 3, 31))
    assert new.menggantikan == "Rina Marlina" and penugasan.active().nama == "Andi"
    hist = penugasan.history(admin)
    old = next(h for h in hist if h.nama == "Rina Marlina")
    assert not old.aktif and old.berhenti_alasan.startswith("Diganti")
    assert old.selesai == dt.date(2027, 3, 31)


def test_termination_and_sk_warnings(admin):
    pid, _ = pendaftar.create(admin, data())
    t = penugasan.appoint(admin, pid, sk(selesai=dt.date(2027, 1, 10)))
    assert "dalam 45 hari" in t.peringatan(dt.date(2026, 11, 26))
    assert "tinggal 20 hari" in t.peringatan(dt.date(2026, 12, 21))
    assert t.peringatan(dt.date(2026, 11, 1)) == ""
    assert "hari lalu" in t.peringatan(dt.date(2027, 1, 12))
    with pytest.raises(ValidationError):
        penugasan.terminate(admin, t.id, penugasan.PemberhentianData())
    ground = next(g for g in penugasan.grounds() if g[1] == "Mengundurkan diri")
    ended = penugasan.terminate(admin, t.id, penugasan.PemberhentianData(
        dt.date(2026, 12, 1), ground[0], "Mencalonkan diri sebagai kepala desa"))
    assert not ended.aktif and ended.selesai == dt.date(2026, 12, 1)
    assert penugasan.active() is None
    with pytest.raises(Conflict, match="sudah berakhir"):
        penugasan.terminate(admin, t.id, penugasan.PemberhentianData(dt.date(2026, 12, 2),
                                                                     ground[0]))


def test_list_filters_and_masks_nik(admin):
    pendaftar.create(admin, data())
    pendaftar.create(admin, data(nik="1603060101950003", nama="Andi", jenis_kelamin="L",
                                 tanggal_lahir=dt.date(1995, 1, 1), pendidikan="SMP"))
    rows = search(admin)
    assert {r.nama for r in rows} == {"Rina Marlina", "Andi"}
    assert all("*" in r.nik for r in rows)
    failing = search(admin, PendaftarFilter(hasil=el.TIDAK_MEMENUHI_SYARAT))
    assert [r.nama for r in failing] == ["Andi"]
    assert [r.nama for r in search(admin, PendaftarFilter(teks="rina"))] == ["Rina Marlina"]
    assert search(admin, PendaftarFilter(periode="2025")) == []


def test_selection_decisions(admin):
    pid, _ = pendaftar.create(admin, data())
    penugasan.record_decision(admin, pid, "diusulkan", dt.date(2026, 10, 10), "Lulus wawancara")
    penugasan.record_decision(admin, pid, "ditetapkan", dt.date(2026, 10, 30))
    assert [d[1] for d in penugasan.decisions(admin, pid)] == ["diusulkan", "ditetapkan"]
    assert search(admin)[0].keputusan == "Ditetapkan"
    with pytest.raises(ValidationError):
        penugasan.record_decision(admin, pid, "lulus", None)


def test_delete_is_refused_for_an_appointed_candidate(admin):
    pid, _ = pendaftar.create(admin, data())
    penugasan.appoint(admin, pid, sk())
    with pytest.raises(Conflict, match="riwayat"):
        pendaftar.delete(admin, pid)


def test_over_long_text_is_refused_with_a_message(admin):
    with pytest.raises(ValidationError, match="Nama terlalu panjang") as err:
        pendaftar.create(admin, data(nama="A" * 151, telepon="0" * 21))
    assert {p.field for p in err.value.problems} == {"nama", "telepon"}


def test_registration_before_birth_is_refused(admin):
    with pytest.raises(ValidationError, match="sesudah tanggal lahir"):
        pendaftar.create(admin, data(tanggal_daftar=dt.date(1999, 3, 1)))


def test_rule_change_updates_the_stored_verdicts(admin):
    pid, _ = pendaftar.create(admin, data())  # 27 years old
    settings.set_value(admin, "tksk.usia_maks", 25)
    stored = PemeriksaanSyarat.get((PemeriksaanSyarat.pendaftar == pid)
                                   & (PemeriksaanSyarat.kriteria == "usia"))
    assert stored.hasil == el.TIDAK
    with pytest.raises(ValidationError, match="tidak boleh lebih dari"):
        settings.set_value(admin, "tksk.usia_min", 30)


def test_active_tksk_profile_masks_the_nik(admin):
    pid, _ = pendaftar.create(admin, data())
    penugasan.appoint(admin, pid, sk())
    assert penugasan.active().nik == "160306********01"
