"""The ``hipcoach`` script and ``python -m hipcoach``.

``hipcoach --version`` is answered here, before Typer is imported: it needs nothing
else, and importing Typer is most of hipcoach's start-up (bench/startup.py).
"""

import sys

from hipcoach import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"hipcoach {__version__}\n")
        return
    from hipcoach.cli import main as run_command_line

    run_command_line()


if __name__ == "__main__":
    main()
