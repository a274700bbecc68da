"""Bad input fuzzing of the library entry point ``advisor.chain.ask`` (hypothesis).

Whatever a person, a batch file or a client sends, ``ask`` must either answer (an ``Answer`` that the
faces can serialise) or raise one of our own errors (``AdvisorError``: the faces turn those into
messages). Anything else is a traceback on a classroom screen, so it is a bug.

Examples and the per-example deadline are bounded so the module runs in well under a minute on two
busy cores (most of it is building the index once); no example database is written into the repo.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor.chain as chain
from advisor.answer import Answer
from advisor.errors import AdvisorError

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=40,
    deadline=timedelta(seconds=5),  # one question never takes seconds; a hang or blow-up would
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Characters a question should survive: C0/C1 controls, DEL, NUL, line/paragraph separators,
#: zero-width and direction marks, BOM, lone surrogates, private use, noncharacters.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9b\u2028\u2029\u200b\u200d\u200e\u202e\ufeff\ud800\udfff\ue000\uffff"
)
PUNCTUATION = "，。！？、；：“”‘’（）《》【】…—～·.,!?;:'\"()[]{}<>/\\|@#$%^&*~`-_=+"
#: Scripts mixed in one question: simplified/traditional Chinese, pinyin with tones, Latin, Cyrillic,
#: Arabic, Devanagari, Hangul, kana, Thai, fullwidth forms, emoji (with a ZWJ sequence and a flag).
SCRIPTS = [
    "贵州雷山县怎么发展农村电商",
    "瀾滄縣的茶農怎麼做品牌",
    "Léishān Xiàn wùliú",
    "How can Suichang improve logistics",
    "Как развивать",
    "كيف نطور التجارة",
    "ग्रामीण ई-कॉमर्स",
    "농촌 전자상거래",
    "ひらがなカタカナ",
    "การค้า",
    "ＡＢＣ１２３",
    "👩‍🌾🍵🇨🇳",
    "县县县",
    "0x41",
    "<script>alert(1)</script>",
    "[1] [R2] {{ x }} {% if %}",
]

any_text = st.text(alphabet=st.characters(codec=None), max_size=300)
control_text = st.text(alphabet=st.sampled_from(NASTY) | st.characters(max_codepoint=0x9F), max_size=200)
punctuation = st.text(alphabet=st.sampled_from(PUNCTUATION), min_size=1, max_size=200)
mixed = st.lists(st.sampled_from(SCRIPTS) | st.sampled_from(NASTY) | st.sampled_from(PUNCTUATION), max_size=12).map(
    "".join
)
huge = st.tuples(st.sampled_from([*SCRIPTS, NASTY, PUNCTUATION, " ", "\n"]), st.integers(1, 100_000)).map(
    lambda pair: (pair[0] * (100_000 // max(1, len(pair[0])) + 1))[: pair[1]]
)
#: county= as a caller might send it: nothing, real names and codes, near misses, junk.
counties = st.none() | st.sampled_from(
    ["雷山县", "522634", "Leishan", "\ud800雷山县", "朝阳区", "000000", "999999", "", " ", "北京", "Taiwan", "台北市", "香港", "Xyzzyville"]
) | st.text(max_size=40) | st.from_regex(r"\A[0-9]{6}\Z")  # fmt: skip
junk_turns = st.dictionaries(st.sampled_from(["role", "content", "x"]), st.text(max_size=5) | st.none() | st.integers())
histories = st.lists(
    st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": any_text | mixed}), max_size=6
)


@pytest.fixture(scope="module", autouse=True)
def library_advisor(advisor: Any) -> Iterator[None]:
    """``chain.ask`` uses the process-wide advisor; point it at the test session's one (temp data dir)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chain, "get_advisor", lambda: advisor)
        yield


def answers_or_refuses(question: Any, **kwargs: Any) -> None:
    """The property: an Answer the faces can serialise, or an AdvisorError with a message."""
    try:
        answer = chain.ask(question, **kwargs)
    except AdvisorError as exc:
        assert exc.message and exc.code
        return
    assert isinstance(answer, Answer)
    assert isinstance(answer.answer, str) and answer.language in ("zh", "en")
    assert answer.to_json()["question"] == answer.question


@FUZZ
@given(question=any_text, county=counties)
def test_random_unicode(question: str, county: str | None) -> None:
    answers_or_refuses(question, county=county)


@FUZZ
@given(question=control_text)
def test_control_characters(question: str) -> None:
    answers_or_refuses(question)


@FUZZ
@given(question=punctuation, county=counties)
def test_only_punctuation(question: str, county: str | None) -> None:
    answers_or_refuses(question, county=county)


@FUZZ
@given(question=mixed, county=counties, history=histories)
def test_mixed_scripts_with_history(question: str, county: str | None, history: list[dict[str, str]]) -> None:
    answers_or_refuses(question, county=county, history=history)


@settings(FUZZ, max_examples=15)
@given(question=huge)
def test_strings_up_to_100_kb(question: str) -> None:
    answers_or_refuses(question)


@FUZZ
@given(
    question=st.sampled_from(SCRIPTS[:4]),
    lang=st.none() | st.sampled_from(["zh", "en", "fr", "", "ZH"]),
    engine=st.none() | st.sampled_from(["grounded", "nope", ""]),
    history=st.none() | st.lists(junk_turns, max_size=3),
)
def test_bad_options(question: str, lang: Any, engine: str | None, history: Any) -> None:
    """Wrong lang, engine or history shapes are the caller's mistake: a UserInputError/ConfigError."""
    answers_or_refuses(question, lang=lang, engine=engine, history=history)


@pytest.mark.parametrize("question", [None, 42, b"\xe9\x9b\xb7", ["雷山县"], {"q": 1}])
def test_non_text_questions(question: Any) -> None:
    answers_or_refuses(question)


# -- every HTTP endpoint's function, with junk in every argument (the web page's Api, as /ask etc. call it) --

#: What JSON can carry in any argument: text of every kind, numbers (huge too), booleans, null, lists, objects.
junk = (
    st.none()
    | any_text
    | mixed
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.lists(st.text(max_size=5) | st.integers(), max_size=4)
    | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)
)


@pytest.fixture(scope="module")
def api(advisor: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from advisor.feedback import FeedbackStore
    from advisor.web.api import Api

    store = FeedbackStore(f"sqlite:///{tmp_path_factory.mktemp('fuzz-feedback') / 'f.sqlite3'}")
    yield Api(advisor, store)
    store.close()


def endpoint_answers_or_refuses(call: Any, *args: Any) -> None:
    """The property of every endpoint: a JSON-serialisable dict, or an AdvisorError with a short message."""
    import json

    try:
        result = call(*args)
    except AdvisorError as exc:
        assert exc.message and exc.code and len(exc.message) < 400
        return
    assert isinstance(result, dict)
    json.dumps(result, ensure_ascii=False, allow_nan=False)


@pytest.mark.parametrize("name", ["ask", "plan", "resolve", "complete", "quiz", "rate"])
def test_every_endpoint_with_junk_arguments(api: Any, name: str) -> None:
    arity = {"ask": 5, "plan": 4, "resolve": 2, "complete": 2, "quiz": 5, "rate": 3}[name]

    @settings(FUZZ, max_examples=25)
    @given(args=st.lists(junk, min_size=arity, max_size=arity))
    def check(args: list[Any]) -> None:
        endpoint_answers_or_refuses(getattr(api, name), *args)

    check()
