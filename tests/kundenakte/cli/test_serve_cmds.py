"""`kundenakte serve` (spec/analytics.md, command line contract: the dashboard on 127.0.0.1:8050)."""

from __future__ import annotations

import pytest

from kundenakte.cli import build_parser, main


def test_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: `serve --help` works and names --host, --port and --db."""
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(option in out for option in ("--host", "--port", "--db"))


def test_serve_defaults_to_localhost_8050() -> None:
    """Command line contract: the dashboard listens on 127.0.0.1:8050 unless told otherwise."""
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8050)
