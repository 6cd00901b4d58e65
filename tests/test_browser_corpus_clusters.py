"""Real browser: clusters of the FAQ preset say which k was taken and why, and the user can set k (issue 16)."""

import pytest

pytestmark = pytest.mark.browser


def test_clusters_show_the_chosen_k_and_take_the_users_k(page):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name="FAQ questions (English, 6 categories)").click()
    page.wait_for_selector("#corpus-status :text('Loaded 38 sentences')")
    page.get_by_role("tab", name="Clusters & duplicates").click()
    page.locator("#corpus-cluster-btn").click()
    page.wait_for_selector("#corpus-status :text('cluster(s)')")
    status = page.locator("#corpus-status").inner_text()
    assert "the best silhouette" in status and "among k = 2…12 (Ward linkage on unit vectors)" in status
    body = [c for c in page.locator("#corpus-clusters").inner_text().split("top label", 1)[1].split("\n") if c]
    sizes = [int(size) for size in body[1::4]]  # rows of cluster, size, representative, top label
    assert sum(sizes) == 38
    assert max(sizes) <= 38 / 2, sizes  # average linkage gave 29 / 7 / 2

    page.locator("#corpus-k input[type=number]").fill("6")
    page.locator("#corpus-k input[type=number]").press("Enter")
    page.locator("#corpus-cluster-btn").click()
    page.wait_for_selector("#corpus-status :text('k = 6: set by you')")
    assert page.locator("#corpus-status").inner_text().startswith("6 cluster(s)")
