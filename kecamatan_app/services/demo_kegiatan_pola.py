"""The activity patterns the demo draws from (:mod:`demo_kegiatan`): titles, descriptions,
results and obstacles as a TKSK in Kecamatan Gelumbang would write them (seed 004 describes the
real work there; seed 001 the usual obstacles: transport, weather, time, data owners that are not
open). Placeholders: ``{desa}`` ("Desa Sigam"), ``{tahap}`` ("IV 2026"), ``{bulan}`` (the previous
month), ``{n}``/``{k}`` (small numbers), ``{kt}`` (the desa's Karang Taruna), ``{lks}``.

Partners: ``psm``/``kt`` (the desa's PSM and Karang Taruna), ``lks``, ``tagana`` (from the demo
PSKS), ``i:<kode>`` (an agency of the referral list), ``t:<text>`` (free text). Beneficiaries:
``w:<PPKS code>`` persons, ``k:<PPKS code>`` households of the demo registry.
"""

from __future__ import annotations

from dataclasses import dataclass

_DINSOS = "i:dinsos_kab"
_HUJAN = ("geografi_cuaca", "Hujan deras sejak pagi; jalan tanah menuju dusun licin dan sebagian "
          "warga datang terlambat.", "Kegiatan diperpanjang sampai sore.")
_JAUH = ("transportasi", "Jarak ke lokasi jauh dan belum ada angkutan umum; TKSK memakai sepeda "
         "motor pribadi dengan biaya sendiri.", "Mengusulkan dukungan biaya transportasi kepada "
         "Dinas Sosial.")


@dataclass(frozen=True)
class Pola:
    bentuk: str
    judul: str
    uraian: str
    hasil: tuple[str, ...]
    lingkup: str = "desa"
    program: str = ""
    mitra: tuple[str, ...] = ()
    peserta: tuple[int, int, int, int] = (2, 6, 1, 4)  # men lo-hi, women lo-hi
    sasaran: str = ""
    hambatan: tuple[tuple[str, str, str], ...] = ()
    tindak: str = ""
    bobot: int = 2
    kode: str = ""  # recurring ones the month plan places itself
    rencana: bool = False  # also planned ahead as a draft


POLA: tuple[Pola, ...] = (
    # -- Koordinasi (Pasal 6) ---------------------------------------------------------------
    Pola("koordinasi_informasi", "Rapat koordinasi bulanan TKSK di Dinas Sosial Kabupaten "
         "Muara Enim",
         "Mengikuti rapat koordinasi TKSK se-Kabupaten Muara Enim: jadwal penyaluran bansos, "
         "perkembangan pemutakhiran DTSEN, dan evaluasi laporan bulanan TKSK.",
         ("Menerima jadwal penyaluran bansos tahap berikutnya dan format laporan bulanan terbaru.",
          "Disepakati laporan bulanan TKSK diserahkan paling lambat tanggal 5 setiap bulan.",
          "Dinas Sosial meminta data lansia telantar per desa untuk usulan ASLUT."),
         lingkup="kecamatan", mitra=(_DINSOS,), peserta=(14, 24, 6, 14),
         hambatan=(("transportasi", "Perjalanan Gelumbang - Muara Enim sekitar dua jam dengan "
                    "sepeda motor; biaya transportasi ditanggung sendiri.",
                    "Mengusulkan rapat daring bila agenda hanya penyampaian informasi."),),
         kode="rapat_dinsos", rencana=True),
    Pola("koordinasi_informasi", "Rapat koordinasi lintas sektor di Kantor Camat Gelumbang",
         "Rapat rutin bersama Camat, Kasi Kesejahteraan Sosial, kepala desa/lurah, Puskesmas "
         "dan Babinsa tentang masalah sosial di wilayah kecamatan.",
         ("Kepala desa menyampaikan {n} warga yang membutuhkan pendampingan; dicatat untuk "
          "ditindaklanjuti.",
          "Jadwal posyandu lansia dan penyaluran bansos disebarkan ke seluruh desa/kelurahan."),
         lingkup="kecamatan", mitra=("t:Kantor Camat Gelumbang", "i:puskesmas"),
         peserta=(12, 20, 5, 10), bobot=2, rencana=True),
    Pola("koordinasi_informasi", "Penyampaian jadwal penyaluran bansos kepada perangkat {desa}",
         "Menyampaikan jadwal dan lokasi penyaluran bansos tahap {tahap} kepada kepala desa, "
         "perangkat desa dan PSM agar diumumkan kepada keluarga penerima manfaat.",
         ("Jadwal diumumkan di masjid dan grup WhatsApp desa.",
          "Perangkat desa siap membantu mengatur antrean saat penyaluran."),
         program="bpnt", mitra=("psm", "t:Pemerintah {desa}"), peserta=(3, 6, 1, 4), bobot=2),
    Pola("koordinasi_persepsi", "Sosialisasi pemutakhiran DTSEN kepada perangkat {desa}",
         "Menyamakan persepsi perangkat desa dan PSM tentang kriteria, tata cara usulan dan "
         "sanggahan data DTSEN, termasuk pengelompokan desil kesejahteraan.",
         ("Perangkat desa memahami alur usulan masuk dan keluar DTSEN melalui musyawarah desa.",
          "Disepakati {n} keluarga yang akan diusulkan masuk DTSEN."),
         mitra=("psm", "t:Pemerintah {desa}"), peserta=(4, 9, 2, 6),
         hambatan=(("keterbukaan_data", "Desa belum bersedia membagikan daftar penerima "
                    "bantuan desa; hanya jumlahnya yang disampaikan.",
                    "Meminta Camat mengirim surat permintaan data kepada kepala desa."),),
         bobot=2, rencana=True),
    Pola("koordinasi_persepsi", "Penyamaan persepsi kriteria calon penerima BLT Dana Desa",
         "Pertemuan dengan pendamping desa dan kepala desa tentang kriteria calon penerima BLT "
         "Dana Desa agar tidak tumpang tindih dengan PKH dan BPNT.",
         ("Disepakati pemadanan daftar calon penerima BLT-DD dengan data PKH/BPNT sebelum "
          "musyawarah desa.",),
         lingkup="beberapa", program="blt_dd", mitra=("t:Pendamping Desa Kecamatan Gelumbang",),
         peserta=(6, 12, 2, 6), bobot=1),
    Pola("koordinasi_kesepakatan", "Musyawarah desa penetapan penerima BLT Dana Desa {desa}",
         "Menghadiri musyawarah desa khusus; TKSK menyampaikan data PPKS hasil pemetaan sebagai "
         "bahan pertimbangan penetapan penerima.",
         ("Musyawarah menetapkan {n} keluarga penerima BLT Dana Desa; berita acara "
          "ditandatangani.",
          "{k} keluarga yang sudah menerima PKH dikeluarkan dari daftar BLT-DD agar tidak ganda."),
         program="blt_dd", mitra=("psm", "t:Badan Permusyawaratan Desa {desa}"),
         peserta=(15, 30, 8, 20),
         hambatan=(("waktu", "Musyawarah mundur dua jam menunggu kehadiran anggota BPD.", ""),),
         bobot=2),
    Pola("koordinasi_kesepakatan", "Kesepakatan jadwal verifikasi lapangan usulan RS-RTLH",
         "Menyepakati jadwal dan pembagian tugas verifikasi lapangan rumah tidak layak huni yang "
         "diusulkan desa.",
         ("Disepakati verifikasi {n} rumah selama dua minggu, didampingi perangkat desa.",),
         lingkup="kecamatan", program="rs_rtlh", mitra=(_DINSOS,), peserta=(4, 8, 1, 3),
         bobot=1),
    # -- Fasilitasi (Pasal 7) ---------------------------------------------------------------
    Pola("pendampingan", "Monitoring penyaluran BPNT/Program Sembako tahap {tahap} di {desa}",
         "Memantau penyaluran bantuan sembako di agen penyalur: kelengkapan komoditas, "
         "kesesuaian nama penerima dan ketertiban antrean.",
         ("Penyaluran kepada KPM berjalan tertib; tidak ditemukan pemotongan bantuan.",
          "{k} KPM belum dapat menerima karena kartu terblokir; dicatat untuk dilaporkan ke "
          "Dinas Sosial."),
         program="bpnt", mitra=("psm",), peserta=(10, 35, 30, 80), sasaran="k:24",
         hambatan=(_HUJAN, ("lainnya", "Jaringan mesin EDC agen penyalur sering terputus.",
                            "Melapor ke bank penyalur melalui Dinas Sosial.")),
         kode="bpnt", rencana=True),
    Pola("pendampingan", "Pendampingan penyaluran bansos PKH tahap {tahap} di {desa}",
         "Mendampingi penyaluran bantuan PKH bersama pendamping PKH; memeriksa kehadiran KPM "
         "dan menampung keluhan.",
         ("Bantuan PKH tersalur; {k} KPM mengeluhkan nominal yang berkurang dan diberi "
          "penjelasan perubahan komponen.", "Penyaluran lancar, semua KPM yang hadir menerima."),
         program="pkh", mitra=("t:Pendamping PKH Kecamatan Gelumbang", "psm"),
         peserta=(5, 15, 25, 60), sasaran="k:24",
         hambatan=(("waktu", "Penyaluran bersamaan dengan jadwal posyandu sehingga TKSK hanya "
                    "hadir setengah hari.", ""),), bobot=2),
    Pola("pendampingan", "Kunjungan rumah lansia telantar di {desa}",
         "Kunjungan rumah lansia yang tinggal sendiri: memeriksa kondisi, kebutuhan makan dan "
         "kesehatan, serta kelengkapan dokumen kependudukan.",
         ("Lansia dalam kondisi sehat; tetangga bersedia membantu kebutuhan sehari-hari.",
          "Lansia belum memiliki KTP-el; dijadwalkan perekaman keliling Dukcapil."),
         program="aslut", mitra=("psm",), peserta=(0, 2, 1, 2), sasaran="w:08",
         hambatan=(_JAUH,), tindak="Kunjungan ulang bulan depan.", bobot=3),
    Pola("pendampingan", "Pendampingan penyandang disabilitas di {desa}",
         "Asesmen kebutuhan penyandang disabilitas dan keluarganya; membantu melengkapi berkas "
         "usulan bantuan alat bantu ATENSI.",
         ("Berkas usulan kursi roda lengkap dan dikirim ke Dinas Sosial.",
          "Keluarga mendapat penjelasan layanan rehabilitasi di Puskesmas."),
         program="atensi", mitra=("psm",), peserta=(1, 2, 1, 2), sasaran="w:09", bobot=2),
    Pola("pendampingan", "Pendampingan warga terdampak banjir di {desa}",
         "Asesmen kebutuhan darurat warga yang rumahnya terendam; mendata kerusakan dan "
         "mengajukan bantuan logistik.",
         ("Bantuan logistik (beras, selimut, perlengkapan dapur) dari Dinas Sosial diserahkan "
          "kepada warga terdampak.", "Data {n} rumah terdampak dikirim ke Dinas Sosial dan BPBD."),
         program="bencana", mitra=("tagana", _DINSOS), peserta=(6, 15, 5, 15), sasaran="w:21",
         hambatan=(("geografi_cuaca", "Akses jalan ke dusun terputus genangan air setinggi "
                    "lutut.", "Logistik diantar dengan perahu milik warga."),), bobot=1),
    Pola("bimbingan", "Pertemuan peningkatan kemampuan keluarga (P2K2) PKH di {desa}",
         "Bimbingan sosial kelompok penerima PKH: pengasuhan anak dan pengelolaan keuangan "
         "keluarga.",
         ("Peserta memahami pentingnya menabung sebagian bantuan untuk biaya sekolah anak.",
          "Peserta menyusun rencana belanja keluarga sederhana."),
         program="pkh", mitra=("t:Pendamping PKH Kecamatan Gelumbang",), peserta=(0, 3, 15, 30),
         bobot=2, rencana=True),
    Pola("bimbingan", "Penyuluhan bahaya narkoba bagi remaja bersama {kt}",
         "Penyuluhan bagi remaja desa tentang bahaya narkoba dan kenakalan remaja, bersama "
         "Karang Taruna.",
         ("Remaja sepakat mengaktifkan kembali kegiatan olahraga Karang Taruna setiap minggu.",
          "Peserta aktif bertanya; Karang Taruna meminta penyuluhan lanjutan."),
         mitra=("kt",), peserta=(15, 30, 8, 20),
         hambatan=(("waktu", "Kegiatan malam hari setelah remaja pulang kerja; kehadiran di "
                    "bawah jumlah undangan.", "Jadwal berikutnya pada hari Minggu sore."),),
         bobot=2),
    Pola("bimbingan", "Bimbingan sosial lansia pada posyandu lansia {desa}",
         "Bimbingan sosial bagi lansia saat posyandu lansia: hak layanan sosial lansia, "
         "pencegahan keterlantaran, dan pendataan lansia yang tinggal sendiri.",
         ("Lansia mendapat pemeriksaan tekanan darah dan penjelasan layanan ASLUT.",
          "Tercatat {k} lansia tinggal sendiri yang perlu kunjungan rumah."),
         mitra=("i:puskesmas", "psm"), peserta=(8, 15, 12, 25), sasaran="w:08", bobot=2,
         rencana=True),
    Pola("bimbingan", "Bimbingan sosial pencegahan perkawinan anak di {desa}",
         "Bimbingan sosial bagi orang tua dan remaja tentang dampak perkawinan anak, bersama "
         "KUA dan Karang Taruna.",
         ("Orang tua peserta memahami batas usia perkawinan dan risikonya bagi anak.",),
         mitra=("t:KUA Kecamatan Gelumbang", "kt"), peserta=(6, 15, 10, 25), bobot=1),
    Pola("kemitraan", "Koordinasi bantuan BAZNAS untuk fakir miskin {desa}",
         "Menyampaikan data keluarga fakir miskin yang belum tersentuh bantuan kepada BAZNAS "
         "dan menyepakati cara verifikasinya.",
         ("BAZNAS menyetujui bantuan biaya hidup untuk {k} keluarga setelah verifikasi.",
          "BAZNAS akan memverifikasi usulan pada bulan berikutnya."),
         mitra=("i:baznas",), peserta=(2, 4, 1, 3), sasaran="k:24", bobot=2),
    Pola("kemitraan", "Kunjungan kemitraan ke {lks}",
         "Membahas kapasitas layanan, syarat penerimaan klien rujukan dari kecamatan, dan "
         "kebutuhan relawan.",
         ("LKS bersedia menerima rujukan bila ada surat rujukan TKSK dan persetujuan keluarga.",
          "LKS meminta data calon penerima layanan yang sudah diverifikasi."),
         lingkup="kecamatan", mitra=("lks",), peserta=(2, 5, 2, 5), bobot=1),
    Pola("kemitraan", "Penggalangan dukungan dunia usaha untuk bedah rumah",
         "Bertemu perusahaan di wilayah Gelumbang untuk dukungan bahan bangunan rumah tidak "
         "layak huni keluarga miskin.",
         ("Perusahaan bersedia membantu bahan bangunan untuk 2 rumah.",
          "Perusahaan belum dapat membantu tahun ini; usulan disimpan untuk anggaran depan."),
         lingkup="kecamatan", program="rs_rtlh",
         mitra=("t:Perusahaan perkebunan di Gelumbang (contoh)",), peserta=(2, 4, 0, 2),
         hambatan=(("lainnya", "Perusahaan meminta proposal resmi melalui Kantor Camat.",
                    "Menyusun proposal bersama Kasi Kesejahteraan Sosial."),), bobot=1),
    # -- Administrasi (Pasal 8) -------------------------------------------------------------
    Pola("pemetaan", "Pemetaan sosial PPKS dan PSKS {desa}",
         "Mengumpulkan data PPKS dan PSKS bersama kepala dusun dan PSM, lalu membandingkannya "
         "dengan data yang dilaporkan desa.",
         ("Ditemukan {k} PPKS yang belum tercatat dalam laporan desa.",
          "Data PPKS desa sesuai dengan temuan lapangan."),
         mitra=("psm",), peserta=(2, 5, 1, 3), sasaran="w:08",
         hambatan=(("keterbukaan_data", "Kepala desa enggan melaporkan jumlah fakir miskin yang "
                    "sebenarnya karena khawatir citra desa.",
                    "Temuan TKSK dicatat berdampingan dengan data desa."), _HUJAN), bobot=2),
    Pola("pencatatan", "Pencatatan dan pemutakhiran data PPKS {desa}",
         "Memperbarui data PPKS per nama dan alamat: warga baru, pindah, meninggal, dan "
         "perubahan kondisi.",
         ("Data {n} PPKS diperbarui di aplikasi.", "Tercatat {k} warga yang sudah tidak lagi "
          "membutuhkan bantuan."),
         mitra=("psm",), peserta=(1, 3, 1, 3), sasaran="w:09", bobot=2),
    Pola("pencatatan", "Verifikasi dan validasi usulan DTSEN",
         "Memeriksa kelengkapan dan kebenaran data usulan DTSEN dari desa/kelurahan sebelum "
         "dikirim ke Dinas Sosial.",
         ("{n} usulan lengkap dan dikirim; {k} dikembalikan ke desa untuk dilengkapi.",),
         lingkup="kecamatan", mitra=(_DINSOS,), peserta=(1, 3, 1, 3),
         hambatan=(("keterbukaan_data", "NIK sebagian warga tidak padan dengan data Dukcapil.",
                    "Warga diarahkan memperbaiki data kependudukan di Dukcapil."),), bobot=2),
    Pola("pelaporan", "Penyusunan laporan bulanan TKSK bulan {bulan}",
         "Menyusun laporan kegiatan bulan {bulan} beserta rekap rujukan dan dokumentasi, lalu "
         "meminta Camat mengetahui laporan.",
         ("Laporan bulanan ditandatangani Camat dan dikirim ke Dinas Sosial.",),
         lingkup="kecamatan", mitra=(_DINSOS,), peserta=(1, 1, 0, 1),
         hambatan=(("waktu", "Dokumentasi beberapa kegiatan belum lengkap sehingga laporan "
                    "terlambat dua hari.", ""),), kode="laporan", rencana=True),
    Pola("pelaporan", "Laporan hasil monitoring penyaluran bansos tahap {tahap}",
         "Menyusun dan mengirim laporan hasil monitoring penyaluran PKH dan BPNT ke Dinas "
         "Sosial.",
         ("Laporan dikirim; {k} temuan KPM bermasalah dilampirkan.",),
         lingkup="kecamatan", program="bpnt", mitra=(_DINSOS,), peserta=(1, 1, 0, 1), bobot=1),
)
