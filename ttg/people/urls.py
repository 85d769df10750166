"""Pages about people in custody. Every route needs an entry in tests/access_matrix.py."""


urlpatterns: list = []
