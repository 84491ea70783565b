import pytest


@pytest.fixture
def db(tmp_path):
    from synadb import SynaDB

    with SynaDB(tmp_path / "db") as d:
        yield d
