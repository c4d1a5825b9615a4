"""The warehouse resource: where landed files are read and the build database is written."""

from __future__ import annotations

import os

from dagster import ConfigurableResource

from orchestration.lib.config import Paths, load_paths


class WarehouseResource(ConfigurableResource):
    """Paths from CALLSCOPE_LANDING_DIR / CALLSCOPE_DATA_DIR unless set here explicitly."""

    landing_dir: str | None = None
    data_dir: str | None = None

    def paths(self) -> Paths:
        env = dict(os.environ)
        if self.landing_dir:
            env["CALLSCOPE_LANDING_DIR"] = self.landing_dir
        if self.data_dir:
            env["CALLSCOPE_DATA_DIR"] = self.data_dir
        return load_paths(env)
