"""Build the repository's own vault: `python build.py` is `sitegen build vault -o site`."""

import sys

from sitegen.cli import main

raise SystemExit(main(["build", "vault", "-o", "site", *sys.argv[1:]]))
