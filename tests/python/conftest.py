import pytest


@pytest.fixture
def db(tmp_path):
    import commpolice
    d = commpolice.Database(str(tmp_path / "test.db"), user="tester")
    yield d
    d.close()
