"""Gathering public records from a model's name, replayed from fixtures through the live path."""

from __future__ import annotations

import httpx
import pytest
import respx

from osai_procure.gather import GatherError, GatherSettings, HttpFetcher, gather, parse_references
from osai_procure.loading import PolicyBundle
from tests.gather.replay import CLOCK, fetcher, mount


@pytest.fixture
def osg(osgjp_bundle: PolicyBundle) -> PolicyBundle:
    """The OSG-JP policy bundle."""
    return osgjp_bundle


def test_hub_and_repository_prefill_the_components_with_their_sources(osg: PolicyBundle) -> None:
    """A Hub id and a GitHub URL give imported, unconfirmed component answers citing URL,
    SHA-256 and time of the fetched documents."""
    refs = parse_references("llm-jp/llm-jp-3-13b\nhttps://github.com/llm-jp/scripts")
    with respx.mock(assert_all_called=False) as router:
        mount(router, "llm-jp-3-13b.yaml")
        result = gather(refs, fetcher(), osg)
    weights = result.answers["model_parameters_final"]
    assert weights.value["released"] == "yes"
    assert weights.value["license"] == "Apache-2.0"
    assert list(weights.value["location"]) == ["https://huggingface.co/llm-jp/llm-jp-3-13b"]
    training = result.answers["code_training"].value
    assert training["location"][0].endswith("pretrain/scripts/v3-13b/train.sh")
    assert training["license"] == "Apache-2.0"
    assert result.answers["research_paper"].value["location"][0] == (
        "https://arxiv.org/abs/2407.03963"
    )
    assert "code_data_preprocessing" in result.answers
    for qid, answer in result.answers.items():
        assert answer.provenance == "imported" and not answer.confirmed, qid
        source = answer.evidence[0]
        assert source.url and source.sha256 and len(source.sha256) == 64, qid
        assert source.retrieved_at == CLOCK, qid
    assert result.system is not None and result.system.name == "llm-jp-3-13b"
    urls = {d.url for d in result.documents}
    assert "https://api.github.com/repos/llm-jp/scripts/license" in urls


def test_model_card_licence_reaches_the_card_answer(osg: PolicyBundle) -> None:
    """The fetched README goes through the model-card importer: its licence is normalised."""
    with respx.mock(assert_all_called=False) as router:
        mount(router, "llm-jp-3-13b.yaml")
        result = gather(parse_references("llm-jp/llm-jp-3-13b"), fetcher(), osg)
    card = result.answers["model_card"]
    assert card.value["license"] == "Apache-2.0"
    assert card.evidence[0].url.endswith("/README.md")


def test_mot_entry_outranks_the_hub(osg: PolicyBundle) -> None:
    """A Model Openness Tool entry is imported through the MOT importer and wins over the Hub."""
    refs = parse_references("mot:1130\nllm-jp/llm-jp-3-13b")
    with respx.mock(assert_all_called=False) as router:
        mount(router, "llm-jp-3-13b.yaml", "llama-3.1-8b-mot.yaml")
        result = gather(refs, fetcher(), osg)
    weights = result.answers["model_parameters_final"]
    assert weights.value["license"] != "Apache-2.0"  # the MOT record's Llama licence
    assert weights.evidence[0].url == "https://mot.isitopen.ai/api/v1/model/1130"
    assert result.system is not None and result.system.name == "Llama-3.1-8B"
    assert any("replaces" in n.message for n in result.notes)


def test_a_missing_entry_is_a_note_when_another_is_read(osg: PolicyBundle) -> None:
    """A reference that is not found becomes a warning; the others are still gathered."""
    refs = parse_references("llm-jp/llm-jp-3-13b\nmot:9999")
    with respx.mock(assert_all_called=False) as router:
        mount(router, "llm-jp-3-13b.yaml")
        result = gather(refs, fetcher(), osg)
    assert "model_card" in result.answers
    assert any(n.level == "warning" and "mot:9999" in n.message for n in result.notes)


def test_only_missing_entries_raise_not_found(osg: PolicyBundle) -> None:
    """When nothing could be read, the not-found error reaches the caller."""
    with respx.mock(assert_all_called=False) as router:
        mount(router)
        with pytest.raises(GatherError) as caught:
            gather(parse_references("nobody/nothing"), fetcher(), osg)
    assert caught.value.code == "not_found"


def test_offline_is_one_clear_error_after_bounded_retries(osg: PolicyBundle) -> None:
    """A host that cannot be reached is retried `retries` times, then `offline` names it."""
    with respx.mock() as router:
        route = router.route().mock(side_effect=httpx.ConnectError("no route"))
        live = fetcher(retries=2)
        with pytest.raises(GatherError) as caught:
            gather(parse_references("llm-jp/llm-jp-3-13b"), live, osg)
    assert caught.value.code == "offline"
    assert caught.value.where == "huggingface.co"
    assert route.call_count == 3


def test_server_errors_are_retried_then_succeed() -> None:
    """A 503 followed by a 200 is one successful fetch after one retry."""
    with respx.mock() as router:
        router.get("https://huggingface.co/x").mock(
            side_effect=[httpx.Response(503), httpx.Response(200, text="ok")]
        )
        doc = fetcher(retries=1).get("https://huggingface.co/x")
    assert doc.data == b"ok"
    assert doc.sha256 == "2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df"


def test_the_live_path_is_off_unless_configured() -> None:
    """Without OSAI_PROCURE_ONLINE the fetcher refuses before any request is made."""
    settings = GatherSettings.from_env({})
    assert not settings.online
    assert GatherSettings.from_env({"OSAI_PROCURE_ONLINE": "1"}).online
    with respx.mock(assert_all_called=False) as router:
        route = router.route()
        with pytest.raises(GatherError) as caught:
            HttpFetcher(settings, clock=lambda: CLOCK).get("https://huggingface.co/x")
    assert caught.value.code == "disabled"
    assert route.call_count == 0


def test_a_body_over_the_cap_is_refused() -> None:
    """A response larger than max_bytes is refused as too large, not read into memory."""
    with respx.mock() as router:
        router.get("https://huggingface.co/big").mock(
            return_value=httpx.Response(200, content=b"x" * 2048)
        )
        with pytest.raises(GatherError) as caught:
            fetcher(max_bytes=1024).get("https://huggingface.co/big")
    assert caught.value.code == "too_large"
