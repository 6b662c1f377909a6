"""Application settings, declared once with default, label, type and bounds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..models import Pengaturan
from ..models.base import now
from . import audit
from .context import Actor
from .errors import ValidationError
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, value: Any) -> Any:
        kind = type(self.default)
        try:
            if kind is bool:
                result: Any = value if isinstance(value, bool) else str(value).lower() in (
                    "1", "ya", "true", "benar")
            else:
                result = kind(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError.single(
                self.key, f"{self.label}: nilai '{value}' tidak sah."
            ) from exc
        if isinstance(result, int) and not isinstance(result, bool):
            if self.minimum is not None and result < self.minimum:
                raise ValidationError.single(
                    self.key, f"{self.label}: paling kecil {self.minimum}.")
            if self.maximum is not None and result > self.maximum:
                raise ValidationError.single(
                    self.key, f"{self.label}: paling besar {self.maximum}.")
        return result


_DECLARED: list[Setting] = [
    Setting("keamanan.maks_gagal_login", 5, "Batas gagal masuk sebelum akun dikunci", 3, 20),
    Setting("keamanan.lama_kunci_menit", 15, "Lama akun terkunci setelah gagal masuk (menit)",
            1, 1440),
    Setting("keamanan.panjang_sandi_min", 8, "Panjang kata sandi minimal", 8, 64),
]
SETTINGS: dict[str, Setting] = {s.key: s for s in _DECLARED}


def get(key: str) -> Any:
    setting = SETTINGS[key]
    row = Pengaturan.get_or_none(Pengaturan.kunci == key)
    if row is None:
        return setting.default
    try:
        return setting.coerce(json.loads(row.nilai))
    except (ValueError, ValidationError):
        return setting.default


def set_value(actor: Actor, key: str, value: Any) -> None:
    require(actor, Aksi.PENGATURAN_UBAH)
    setting = SETTINGS[key]
    value = setting.coerce(value)
    old = get(key)
    with write():
        row = Pengaturan.get_or_none(Pengaturan.kunci == key)
        if row is None:
            Pengaturan.create(kunci=key, nilai=json.dumps(value))
        else:
            row.nilai = json.dumps(value)
            row.diubah_pada = now()
            row.save()
        audit.record(actor, "ubah", "pengaturan", key, f"Pengaturan '{setting.label}'",
                     lama={key: old}, baru={key: value})


def all_values() -> dict[str, Any]:
    return {key: get(key) for key in SETTINGS}
