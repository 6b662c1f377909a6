"""Who is acting: every service call that changes or reveals data takes an :class:`Actor`."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

ROLE_LABELS: dict[str, str] = {
    "admin": "Administrator",
    "operator": "Operator (staf kecamatan)",
    "tksk": "TKSK",
    "camat": "Camat",
    "dinas": "Dinas Sosial (kabupaten)",
}
#: Roles only a Dinas Sosial database has (see services/lingkup): no kecamatan of their own.
ROLES_DINAS: tuple[str, ...] = ("dinas",)
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)


@dataclass(frozen=True)
class Actor:
    """A logged-in user, or the system itself (set-up wizard, command line, migrations)."""

    user_id: int | None
    username: str
    full_name: str
    role: str  # one of ROLES, or "sistem"
    kecamatan_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.role == "sistem"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "Sistem")

    @property
    def audit_name(self) -> str:
        return self.username if self.is_system else f"{self.username} ({self.full_name})"

    @classmethod
    def system(cls, label: str = "sistem") -> Actor:
        return cls(None, label, "Sistem", "sistem")

    @classmethod
    def cli(cls) -> Actor:
        """The command line acts as the OS user who runs it, with the system's rights.

        Whoever can run the CLI on this PC can already read and write the database file; the
        audit trail records the OS user name so the action stays attributable.
        """
        try:
            who = getpass.getuser()
        except Exception:  # no login name (some service accounts)
            who = "tidak-diketahui"
        return cls.system(f"cli:{who}")
