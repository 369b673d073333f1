"""``python -m stations.sensors``: see `stations.sensors.cli`."""

from __future__ import annotations

import sys

from stations.sensors.cli import main

sys.exit(main())
