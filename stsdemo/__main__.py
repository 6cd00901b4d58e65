from stsdemo.cli import main

raise SystemExit(main())
