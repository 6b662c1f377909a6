"""``python -m kecamatan_app`` runs the command line (no arguments: the GUI)."""

import sys

from kecamatan_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
