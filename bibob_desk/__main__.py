from bibob_desk.cli import main

raise SystemExit(main())
