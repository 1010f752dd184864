"""The bundle's entry point: the same as the `bibob-desk` console script."""

from bibob_desk.cli import main

raise SystemExit(main())
