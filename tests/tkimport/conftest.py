from tests.tkimport.support import odata_server  # noqa: F401
