import sys

from desktop_gpt.cli import main

sys.exit(main())
