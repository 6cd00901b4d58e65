"""The [UNK] check: MiniLM cannot read Chinese, the teaching model and TF-IDF can."""

import pytest

from stsdemo.encoders.registry import load
from stsdemo.encoders.vocabulary import better_encoder, oov_warning, unknown_share


def test_minilm_reads_chinese_as_unknown_tokens():
    minilm = load("minilm")
    # 花 is in MiniLM's vocabulary, the other five characters are not
    assert unknown_share(minilm, "花呗如何还款") == pytest.approx(5 / 6)
    assert unknown_share(minilm, "A man is playing a guitar.") == 0.0
    message = oov_warning(minilm, ["A man plays.", "花呗如何还款"])
    assert message is not None and "83%" in message and better_encoder("花呗如何还款") in message


def test_static_model_with_a_bare_tokenizer_is_checked_too():
    m2v = load("m2v-minilm")  # model2vec-style: a tokenizers.Tokenizer, not a transformers one
    assert unknown_share(m2v, "花呗如何还款") == pytest.approx(5 / 6)
    assert "m2v-minilm cannot read" in oov_warning(m2v, ["花呗如何还款"])
    assert oov_warning(m2v, ["A man plays a guitar."]) is None


def test_readable_texts_and_lexical_models_are_not_flagged():
    assert oov_warning(load("minilm"), ["A man plays a guitar."]) is None
    assert unknown_share(load("mlm-mini-zh:mean"), "花呗如何还款") == 0.0
    assert unknown_share(load("tfidf-zh"), "花呗如何还款") is None
    assert oov_warning(load("tfidf-zh"), ["花呗如何还款"]) is None


def test_suggestion_follows_the_language():
    assert better_encoder("今天天气很好") in ("tfidf-zh", "sts-mini-zh")
    assert better_encoder("Bonjour") == "tfidf"


def test_an_embedded_corpus_knows_once_whether_its_encoder_can_read_it():
    from stsdemo.corpus.embedded import embed_corpus
    from stsdemo.corpus.reader import Corpus

    chinese = embed_corpus(load("m2v-minilm"), Corpus(["花呗如何还款", "借呗怎么提额"], None, "zh"))
    english = embed_corpus(load("m2v-minilm"), Corpus(["A man plays a guitar.", "A dog runs."], None, "en"))
    assert "m2v-minilm cannot read" in chinese.unreadable and english.unreadable is None
    again = embed_corpus(load("m2v-minilm"), Corpus(["花呗如何还款", "借呗怎么提额"], None, "zh"))
    assert again.unreadable is chinese.unreadable  # judged when encoded, not at every query
