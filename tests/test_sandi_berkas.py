"""Password encryption of backup files (services/sandi_berkas.py): round trips at the chunk
edges, and every alteration refused (each single byte, cuts, reordered or appended chunks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kecamatan_app.services import sandi_berkas as sb
from kecamatan_app.services.errors import AppError, ValidationError

SANDI = "kata sandi rahasia"


def roundtrip(tmp_path: Path, data: bytes, **kw: int) -> tuple[Path, bytes]:
    src, enc, out = tmp_path / "asli.bin", tmp_path / "asli.enc", tmp_path / "kembali.bin"
    src.write_bytes(data)
    sb.encrypt_file(src, enc, SANDI, **kw)  # type: ignore[arg-type]
    sb.decrypt_file(enc, out, SANDI)
    return enc, out.read_bytes()


@pytest.mark.parametrize("size", [0, 1, sb.CHUNK - 1, sb.CHUNK, sb.CHUNK + 1, 3 * sb.CHUNK + 5])
def test_round_trip_at_the_chunk_edges(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    enc, back = roundtrip(tmp_path, data)
    assert back == data
    assert sb.is_encrypted(enc) and not sb.is_encrypted(tmp_path / "asli.bin")
    chunks = max(1, -(-size // sb.CHUNK))  # an empty file is one empty chunk
    assert enc.stat().st_size == sb.HEADER_BYTES + size + chunks * sb.TAG_BYTES
    if size >= 32:  # the plaintext does not show through
        assert data[:32] not in enc.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_same_content_encrypts_differently_each_time(tmp_path: Path) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(b"isi yang sama" * 10)
    sb.encrypt_file(src, tmp_path / "1.enc", SANDI, _log2_n=10)
    sb.encrypt_file(src, tmp_path / "2.enc", SANDI, _log2_n=10)
    assert (tmp_path / "1.enc").read_bytes() != (tmp_path / "2.enc").read_bytes()


def test_wrong_password_is_refused_and_leaves_no_output(tmp_path: Path) -> None:
    src, enc, out = tmp_path / "a.bin", tmp_path / "a.enc", tmp_path / "b.bin"
    src.write_bytes(os.urandom(3000))
    sb.encrypt_file(src, enc, SANDI, _log2_n=10, _chunk=1000)
    with pytest.raises(sb.SandiSalah) as err:
        sb.decrypt_file(enc, out, "kata sandi salah")
    assert str(err.value) == "Kata sandi salah atau berkas cadangan rusak/diubah."
    assert isinstance(err.value, AppError)
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == []


def test_short_password_is_refused_with_the_rule(tmp_path: Path) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(b"x")
    with pytest.raises(ValidationError, match="paling sedikit 8 karakter"):
        sb.encrypt_file(src, tmp_path / "a.enc", "pendek")
    assert not (tmp_path / "a.enc").exists()
    sb.encrypt_file(src, tmp_path / "a.enc", "delapan8", _log2_n=10)  # exactly 8 is enough


def test_every_single_byte_flip_is_refused(tmp_path: Path) -> None:
    """Small chunks and a cheap key so that every position (header, each chunk, each tag) can
    be tried: 4 chunks, the last one short."""
    data = os.urandom(100)
    src, enc, out = tmp_path / "a.bin", tmp_path / "a.enc", tmp_path / "b.bin"
    src.write_bytes(data)
    sb.encrypt_file(src, enc, SANDI, _log2_n=10, _chunk=32)
    sealed = enc.read_bytes()
    assert len(sealed) == sb.HEADER_BYTES + 100 + 4 * sb.TAG_BYTES
    bad = tmp_path / "ubah.enc"
    accepted = []
    for pos in range(len(sealed)):
        changed = bytearray(sealed)
        changed[pos] ^= 0x01 if pos % 2 else 0x80
        bad.write_bytes(bytes(changed))
        try:
            sb.decrypt_file(bad, out, SANDI)
        except sb.SandiSalah:
            continue
        accepted.append(pos)
    assert accepted == []
    assert not out.exists()
    sb.decrypt_file(enc, out, SANDI)  # the untouched file still opens
    assert out.read_bytes() == data


def test_truncation_at_any_point_is_refused(tmp_path: Path) -> None:
    src, enc, out = tmp_path / "a.bin", tmp_path / "a.enc", tmp_path / "b.bin"
    src.write_bytes(os.urandom(96))  # three full chunks: cutting a whole chunk is also tried
    sb.encrypt_file(src, enc, SANDI, _log2_n=10, _chunk=32)
    sealed = enc.read_bytes()
    bad = tmp_path / "potong.enc"
    for cut in range(len(sealed)):
        bad.write_bytes(sealed[:cut])
        with pytest.raises(sb.SandiSalah):
            sb.decrypt_file(bad, out, SANDI)
    assert not out.exists()


def test_reordered_dropped_and_appended_chunks_are_refused(tmp_path: Path) -> None:
    src, enc, out = tmp_path / "a.bin", tmp_path / "a.enc", tmp_path / "b.bin"
    src.write_bytes(os.urandom(32 * 3 + 7))
    sb.encrypt_file(src, enc, SANDI, _log2_n=10, _chunk=32)
    sealed = enc.read_bytes()
    head, body = sealed[:sb.HEADER_BYTES], sealed[sb.HEADER_BYTES:]
    size = 32 + sb.TAG_BYTES
    c = [body[i:i + size] for i in range(0, len(body), size)]
    assert len(c) == 4
    variants = {
        "tukar": head + c[1] + c[0] + c[2] + c[3],
        "buang tengah": head + c[0] + c[2] + c[3],
        "buang akhir": head + c[0] + c[1] + c[2],
        "ulang": head + c[0] + c[0] + c[1] + c[2] + c[3],
        "tambah": sealed + c[1],
        "tambah bita": sealed + b"\x00",
    }
    bad = tmp_path / "ubah.enc"
    for name, content in variants.items():
        bad.write_bytes(content)
        with pytest.raises(sb.SandiSalah):
            sb.decrypt_file(bad, out, SANDI)
            pytest.fail(f"diterima: {name}")
    # a chunk taken from another file encrypted with the same password is refused too
    other = tmp_path / "lain.enc"
    sb.encrypt_file(src, other, SANDI, _log2_n=10, _chunk=32)
    foreign = other.read_bytes()[sb.HEADER_BYTES:sb.HEADER_BYTES + size]
    bad.write_bytes(head + foreign + c[1] + c[2] + c[3])
    with pytest.raises(sb.SandiSalah):
        sb.decrypt_file(bad, out, SANDI)


def test_a_crafted_header_cannot_demand_huge_scrypt_work(tmp_path: Path) -> None:
    import struct

    src, enc = tmp_path / "a.bin", tmp_path / "a.enc"
    src.write_bytes(b"abc")
    sb.encrypt_file(src, enc, SANDI, _log2_n=10)
    data = bytearray(enc.read_bytes())
    data[len(sb.MAGIC)] = 24  # n = 2**24: 2 GiB of memory
    enc.write_bytes(bytes(data))
    with pytest.raises(sb.SandiSalah):
        sb.decrypt_file(enc, tmp_path / "b.bin", SANDI)
    struct.pack_into(">I", data, len(sb.MAGIC) + 3, 1 << 30)  # 1 GiB chunks
    data[len(sb.MAGIC)] = 10
    enc.write_bytes(bytes(data))
    with pytest.raises(sb.SandiSalah):
        sb.decrypt_file(enc, tmp_path / "b.bin", SANDI)


def test_default_parameters_are_written_in_the_header(tmp_path: Path) -> None:
    import struct

    src, enc = tmp_path / "a.bin", tmp_path / "a.enc"
    src.write_bytes(b"abc")
    sb.encrypt_file(src, enc, SANDI)
    head = enc.read_bytes()[:sb.HEADER_BYTES]
    assert head.startswith(b"KTKSK-ENC1")
    assert struct.unpack_from(">BBBI", head, len(sb.MAGIC)) == (15, 8, 1, 1024 * 1024)
