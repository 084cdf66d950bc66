"""Requesting pages in the tests."""


def get_each(client, urls):
    """GET every url in turn and yield ``(url, response)``, each response checked to be a 200."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response
