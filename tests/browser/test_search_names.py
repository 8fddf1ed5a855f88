"""A reader sees which document a result is from when two documents share a
short title: 《意见》（2019年） and 《意见》（2025年）, in every edition."""
import pytest

from policy_site.cli import main
from policy_site.serve import static_server
from policy_site.testing import VALID, make_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-names")
    older = VALID.replace("测试城市工作", "测试乡村工作").replace("（2025年8月15日）", "（2019年1月1日）")
    project = make_project(root / "project", {"alpha": {}, "older": {
        "text": older, "title": "中共中央 国务院关于测试乡村工作的意见"}})
    site = root / "www"
    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    yield base
    server.shutdown()


@pytest.mark.parametrize("edition, short", [("zh-hans", "意见"), ("zh-hant", "意見"), ("zh-hant-hk", "意見")])
def test_results_name_their_document_by_year(browser, library, edition, short):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{library}{edition}/search/?q=" + "第二条标题")
    page.wait_for_selector(".search-page .search-results li")
    names = page.eval_on_selector_all(".search-page .search-doc", "els => els.map(e => e.textContent)")
    context.close()
    assert sorted(names) == [f"《{short}》（2019年）", f"《{short}》（2025年）"]
