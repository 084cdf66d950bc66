"""Requesting pages in the tests."""


def get_each(client, urls):
    """GET every url in turn and yield ``(url, response)``, each response checked to be a 200."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def assert_shows(body: str, *texts: str) -> None:
    """Every text is in the page; a failure names all that are missing, not only the first."""
    missing = [text for text in texts if text not in body]
    assert not missing, f"not on the page: {missing}"


def assert_hides(body: str, *texts: str) -> None:
    """No text is in the page; a failure names all that are there."""
    present = [text for text in texts if text in body]
    assert not present, f"on the page, but should not be: {present}"
