import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """The suite keeps its cache entries in a folder of its own, never in the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JIAODUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield
