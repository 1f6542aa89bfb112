import sys

from desktop_gpt.main import main

sys.exit(main())
