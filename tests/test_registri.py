"""The by-name registry: persons, households, PPKS status history, aid, search and privacy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.models import JejakAudit, Kategori, ProgramBantuan, RiwayatDataPPKS
from kecamatan_app.services import desa, settings
from kecamatan_app.services import registri as reg
from kecamatan_app.services import registri_detail as det
from kecamatan_app.services import registri_ppks as ppks
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from kecamatan_app.services.registri import SearchFilter, WargaData

NIK_BUDI = "1603061203990001"  # male, 12-03-1999
NIK_SITI = "1603065507010003"  # female, 15-07-2001
KK = "1603061501100004"


def _desa(name: str = "Mililian") -> int:
    hit = desa.resolve(name)
    assert hit is not None
    return hit.id


def _kat(kode: str) -> int:
    return int(Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == kode)).id)


def _prog(kode: str = "pkh") -> int:
    return int(ProgramBantuan.get(ProgramBantuan.kode == kode).id)


def _person(actor: Actor, **kw: Any) -> int:
    data = WargaData(
        nik=NIK_BUDI,
        nama="Budi Santoso",
        jenis_kelamin="L",
        tanggal_lahir=dt.date(1999, 3, 12),
        desa_id=_desa(),
        alamat="Jl. Kenanga No. 3",
    )
    for k, v in kw.items():
        setattr(data, k, v)
    return reg.create_warga(actor, data).id


@pytest.fixture
def family(admin: Actor) -> dict[str, int]:
    kk = reg.create_keluarga(
        admin, reg.KeluargaData(no_kk=KK, kepala="Budi Santoso", desa_id=_desa())
    ).id
    budi = _person(admin, keluarga_id=kk, hubungan="Kepala Keluarga")
    siti = _person(
        admin,
        nik=NIK_SITI,
        nama="Siti Aminah",
        jenis_kelamin="P",
        tanggal_lahir=dt.date(2001, 7, 15),
        keluarga_id=kk,
        hubungan="Istri",
        alamat="Dusun Mawar",
    )
    return {"kk": kk, "budi": budi, "siti": siti}


def test_create_and_update_person_is_audited(admin: Actor) -> None:
    wid = _person(admin)
    data, versi = reg.warga_of(wid)
    assert data.nik is None  # forms never receive the full NIK back
    data.alamat = "Jl. Melati No. 9"
    reg.update_warga(admin, wid, data, versi)
    assert reg.warga_of(wid)[1] == versi + 1
    with pytest.raises(Conflict):  # stale version
        reg.update_warga(admin, wid, data, versi)
    changed = JejakAudit.select().where((JejakAudit.tabel == "warga") & (JejakAudit.aksi == "ubah"))
    assert "Jl. Melati No. 9" in changed.get().data_baru


def test_bad_nik_blocks_and_nik_warning_is_returned(admin: Actor) -> None:
    with pytest.raises(ValidationError) as exc:
        _person(admin, nik="16030612039900")
    assert exc.value.problems[0].field == "nik"
    saved = reg.create_warga(
        admin,
        WargaData(
            nik=NIK_BUDI,
            nama="Budi",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 13),
            desa_id=_desa(),
        ),
    )
    assert any("berbeda" in w for w in saved.warnings)


def test_same_nik_is_refused_naming_the_person(admin: Actor) -> None:
    first = _person(admin)
    with pytest.raises(reg.DuplicateNik) as exc:
        _person(admin, nama="Orang Lain")
    assert exc.value.warga_id == first
    assert "Budi Santoso" in str(exc.value)
    assert NIK_BUDI not in str(exc.value)  # the message shows the masked NIK


def test_same_name_birth_date_and_desa_is_a_warning(admin: Actor) -> None:
    _person(admin, nik="")
    twin = reg.create_warga(
        admin,
        WargaData(
            nama="budi santoso",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 12),
            desa_id=_desa(),
        ),
    )
    assert any("tanggal lahir yang sama" in w for w in twin.warnings)
    other_desa = reg.create_warga(
        admin,
        WargaData(
            nama="Budi Santoso",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 12),
            desa_id=_desa("Jambu"),
        ),
    )
    assert other_desa.warnings == []


def test_unknown_hubungan_and_bad_kk_are_errors(admin: Actor) -> None:
    with pytest.raises(ValidationError):
        _person(admin, hubungan="Sepupu")
    with pytest.raises(ValidationError):
        reg.create_keluarga(admin, reg.KeluargaData(no_kk="123", kepala="X", desa_id=_desa()))


def test_status_history_records_each_change(admin: Actor, family: dict[str, int]) -> None:
    pid = ppks.add_ppks(admin, ppks.PPKSData(kategori_id=_kat("24"), warga_id=family["budi"])).id
    ppks.change_status(admin, pid, "terverifikasi", 1, catatan="Kunjungan rumah")
    ppks.change_status(admin, pid, "ditangani", 2)
    hist = list(
        RiwayatDataPPKS.select().where(RiwayatDataPPKS.data == pid).order_by(RiwayatDataPPKS.id)
    )
    assert [h.status for h in hist] == ["teridentifikasi", "terverifikasi", "ditangani"]
    assert all(h.oleh_id == admin.user_id for h in hist)
    d = det.detail(admin, family["budi"])
    assert d.ppks[0].tanggal_verifikasi == dt.date.today()
    assert d.ppks[0].diverifikasi_oleh == admin.full_name
    assert [r.status for r in d.ppks[0].riwayat][-1] == "Ditangani"
    with pytest.raises(Conflict):
        ppks.change_status(admin, pid, "tidak_lagi", 1)  # stale


def test_duplicate_aid_for_household_is_a_warning(admin: Actor, family: dict[str, int]) -> None:
    first = ppks.add_bantuan(
        admin, ppks.BantuanData(_prog(), "2026 Tahap 1", keluarga_id=family["kk"])
    )
    assert first.warnings == []
    data = ppks.BantuanData(_prog(), "2026 Tahap 1", warga_id=family["siti"])
    assert ppks.check_bantuan(data)
    second = ppks.add_bantuan(admin, data)
    assert "PKH periode 2026 Tahap 1 sudah tercatat" in second.warnings[0]
    other = ppks.add_bantuan(
        admin, ppks.BantuanData(_prog(), "2026 Tahap 2", warga_id=family["siti"])
    )
    assert other.warnings == []


def test_person_level_aid_for_two_members_is_not_a_duplicate(
    admin: Actor, family: dict[str, int]
) -> None:
    pbi = _prog("pbi_jk")
    assert ppks.add_bantuan(admin, ppks.BantuanData(pbi, "2026", warga_id=family["budi"])
                            ).warnings == []
    assert ppks.add_bantuan(admin, ppks.BantuanData(pbi, "2026", warga_id=family["siti"])
                            ).warnings == []
    again = ppks.add_bantuan(admin, ppks.BantuanData(pbi, "2026", warga_id=family["siti"]))
    assert again.warnings, "the same person twice is a duplicate"
    household = ppks.add_bantuan(admin, ppks.BantuanData(pbi, "2026", keluarga_id=family["kk"]))
    assert household.warnings, "household aid while a member already has it"


def test_register_status_shown_in_list(admin: Actor, family: dict[str, int]) -> None:
    ppks.save_register(
        admin, ppks.RegisterData(keluarga_id=family["kk"], desil=3, tanggal_cek=dt.date.today())
    )
    with pytest.raises(ValidationError):
        ppks.save_register(
            admin, ppks.RegisterData(warga_id=family["budi"], desil=11, tanggal_cek=dt.date.today())
        )
    rows = reg.search(admin, SearchFilter(teks="Siti"))
    assert rows[0].register == "DTSEN desil 3"


def test_search_by_nik_prefix_kk_fragment_and_filters(admin: Actor, family: dict[str, int]) -> None:
    _person(admin, nik="", nama="Ahmad Rosidi", desa_id=_desa("Jambu"), alamat="Talang")
    ppks.add_ppks(admin, ppks.PPKSData(kategori_id=_kat("24"), warga_id=family["siti"]))
    ppks.add_bantuan(admin, ppks.BantuanData(_prog("bpnt"), "2026", warga_id=family["budi"]))

    def names(**kw: Any) -> list[str]:
        return [r.nama for r in reg.search(admin, SearchFilter(**kw))]

    assert names(teks="16030612") == ["Budi Santoso"]
    assert names(teks=KK) == ["Budi Santoso", "Siti Aminah"]
    assert names(teks="mina") == ["Siti Aminah"]  # 4-letter inner fragment: FTS trigram
    assert names(teks="mawar") == ["Siti Aminah"]  # address
    assert names(teks="Ah") == ["Ahmad Rosidi"]  # short: name prefix
    assert names(desa_id=_desa("Jambu")) == ["Ahmad Rosidi"]
    assert names(kategori_id=_kat("24")) == ["Siti Aminah"]
    assert names(status="teridentifikasi") == ["Siti Aminah"]
    assert names(program_id=_prog("bpnt")) == ["Budi Santoso"]
    assert reg.count(admin, SearchFilter(teks="a")) == 1


def test_paging_and_masking(admin: Actor) -> None:
    rows = [
        WargaData(
            nik=f"160306120399{i:04d}", nama=f"Warga {i:04d}", jenis_kelamin="L", desa_id=_desa()
        )
        for i in range(1, 1201)
    ]
    assert reg.bulk_insert_persons(rows) == 1200
    assert reg.count(admin, SearchFilter()) == 1200
    pages = [reg.search(admin, SearchFilter(), off, 500) for off in (0, 500, 1000)]
    assert [len(p) for p in pages] == [500, 500, 200]
    ids = [r.id for p in pages for r in p]
    assert len(set(ids)) == 1200
    assert pages[0][0].nik == "160306********01"
    assert reg.search(admin, SearchFilter(teks="Warga 0777"))[0].nama == "Warga 0777"  # FTS


def test_reveal_nik_is_audited_and_refused_for_camat(admin: Actor, make_actor: Any) -> None:
    wid = _person(admin)
    before = JejakAudit.select().where(JejakAudit.aksi == "lihat_rinci").count()
    assert reg.reveal_nik(admin, wid) == NIK_BUDI
    entries = JejakAudit.select().where(JejakAudit.aksi == "lihat_rinci")
    assert entries.count() == before + 1
    assert entries.order_by(JejakAudit.id.desc()).get().rekaman_id == str(wid)
    camat = make_actor("camat")
    assert reg.search(camat, SearchFilter())[0].nik == "160306********01"
    with pytest.raises(PermissionDenied):
        reg.reveal_nik(camat, wid)


def test_specific_data_hidden_for_role_not_in_setting(
    admin: Actor, make_actor: Any, family: dict[str, int]
) -> None:
    disab = _kat("09")
    ppks.add_ppks(
        admin,
        ppks.PPKSData(
            kategori_id=disab, warga_id=family["budi"], rincian="Netra", catatan="Kontrol rutin"
        ),
    )
    tksk = make_actor("tksk")
    assert reg.search(tksk, SearchFilter(teks="Budi"))[0].kategori == "Penyandang Disabilitas"
    settings.set_value(admin, "data.peran_data_spesifik", "admin,operator")
    row = reg.search(tksk, SearchFilter(teks="Budi"))[0]
    assert row.kategori == "Data spesifik (disembunyikan)"
    d = det.detail(tksk, family["budi"]).ppks[0]
    assert (d.kategori, d.rincian, d.catatan) == ("Data spesifik (disembunyikan)", "", "")
    with pytest.raises(PermissionDenied):
        reg.search(tksk, SearchFilter(kategori_id=disab))
    assert det.detail(admin, family["budi"]).ppks[0].rincian == "Netra"


def test_kept_nik_is_still_checked_against_a_new_birth_date(
    admin: Actor, family: dict[str, int]
) -> None:
    data, versi = reg.warga_of(family["budi"])
    assert data.nik is None  # the form never receives the full NIK
    data.tanggal_lahir = dt.date(1999, 3, 13)  # NIK says 12-03-1999
    warnings = reg.update_warga(admin, family["budi"], data, versi)
    assert warnings and "tanggal lahir" in warnings[0].lower()
