"""Six guided lessons, in teaching order, each a small fast run of the same functions the tabs use.

Every lesson's :meth:`Lesson.run` takes the page's language and returns the numbers of its *key figure*
(one line a student reads; the line's words are :attr:`Lesson.key_figure`, in English and Chinese, filled
in by the UI in the page's language) and a plotly figure whose titles and legends are in that language
(``lesson.plot.*`` in ``stsdemo/ui/i18n.yaml``); the numbers come from :func:`stsdemo.scoring.score_pairs`,
:func:`stsdemo.geometry.analyse` and :func:`stsdemo.metrics.random_pair_cosine`, never from a second
implementation. Sentence sets are small (a third of STS-B test) so a lesson answers in
seconds on a CPU; results are memoised, so a second click is instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import plotly.graph_objects as go

from stsdemo.strings import text

#: The geometry lessons analyse every 5th STS-B test pair (276 pairs, about 550 sentences: enough to
#: fit a 384 x 384 whitening and a flow on the same sentences, Su et al.'s "target" protocol).
LESSON_STRIDE = 5
#: Wall-time cap of the flow fit in the flow lesson (s).
FLOW_SECONDS = 8.0

PARAPHRASE = ("A man is playing a guitar.", "A man plays the guitar.")
UNRELATED = ("A man is playing a guitar.", "The stock market fell sharply today.")


@dataclass(frozen=True)
class LessonResult:
    """The numbers of a lesson's key figure (the ``{name}`` fields of :attr:`Lesson.key_figure`) and its plot."""

    values: dict[str, object]
    figure: go.Figure | None = None


@dataclass(frozen=True)
class Lesson:
    """One lesson: text in both languages, a runnable example, a link to try it, a question."""

    key: str
    title: dict[str, str]
    text: dict[str, str]
    run: Callable[[str], LessonResult]  # the page's language -> numbers and figure
    try_tab: str  # tab id the "try it yourself" link opens
    try_inputs: dict[str, object]  # elem_id -> value filled in on that tab
    question: dict[str, str]
    answer: dict[str, str]
    key_figure: dict[str, str]  # the key-figure line, with the ``{name}`` fields ``run`` returns
    button: dict[str, str] = field(default_factory=lambda: {"en": "Run the example", "zh": "运行示例"})


def _score(pairs, specs: list[str]):
    from stsdemo.scoring import score_pairs
    from stsdemo.specs import load

    return score_pairs(pairs, [load(s) for s in specs])


def _bars(values: dict[str, float], title: str, axis: str, labels: list[str] | None = None) -> go.Figure:
    """One bar per entry of ``values``, labelled by its key (an encoder name) or by ``labels``."""
    x = labels or list(values)
    fig = go.Figure(go.Bar(x=x, y=list(values.values()), text=[f"{v:.2f}" for v in values.values()]))
    fig.update_layout(title=title, yaxis_title=axis, height=300, margin={"l": 10, "r": 10, "t": 40, "b": 40})
    fig.update_layout(template="plotly_white")
    return fig


def _listed(values: dict[str, float]) -> str:
    """``"minilm 0.12 · minilm:cls 0.50"``: encoder names read the same in every language."""
    return " · ".join(f"{name} {value:.2f}" for name, value in values.items())


@lru_cache(maxsize=1)
def _stsb_sample():
    """Every ``LESSON_STRIDE``-th STS-B test pair: the file's head is easy image captions, a stride
    spreads the sample over all its genres and scores."""
    from stsdemo.data import load_pairs
    from stsdemo.data.pairs import PairDataset

    full = load_pairs("stsb:test")
    keep = slice(None, None, LESSON_STRIDE)
    return PairDataset(
        f"{full.name} (every {LESSON_STRIDE}th pair)", full.sentences1[keep], full.sentences2[keep], full.labels[keep]
    )


@cache
def run_cosine(lang: str = "en") -> LessonResult:
    table = _score([PARAPHRASE, UNRELATED], ["minilm"])
    para, unrel = table["minilm"]
    return LessonResult(
        {"paraphrase": para, "unrelated": unrel},
        _bars(
            {"paraphrase": para, "unrelated": unrel},
            text("lesson.plot.two_pairs", lang),
            text("plot.cosine", lang),
            [text("lesson.plot.paraphrase", lang), text("lesson.plot.unrelated", lang)],
        ),
    )


POOLINGS = ["minilm", "minilm:mean", "minilm:cls", "minilm:static"]


@cache
def run_pooling(lang: str = "en") -> LessonResult:
    row = _score([UNRELATED], POOLINGS).iloc[0]
    values = {spec: float(row[spec]) for spec in POOLINGS}
    return LessonResult(
        {"cosines": _listed(values)},
        _bars(values, text("lesson.plot.poolings", lang), text("plot.cosine", lang)),
    )


@cache
def run_anisotropy(lang: str = "en") -> LessonResult:
    from stsdemo.metrics import random_pair_cosine
    from stsdemo.specs import load

    sentences = _stsb_sample().sentences()
    values = {spec: random_pair_cosine(load(spec).encode(sentences)) for spec in ("minilm:cls", "minilm")}
    return LessonResult(
        {"cosines": _listed(values)},
        _bars(values, text("lesson.plot.random_pairs", lang, n=len(sentences)), text("lesson.plot.mean_cosine", lang)),
    )


def _post_lesson(post: str, lang: str, flow_options: dict | None = None) -> LessonResult:
    from stsdemo.geometry import analyse
    from stsdemo.plots.geometry import cosine_histograms
    from stsdemo.specs import load

    result = analyse(load("minilm:cls"), posts=(post,), dataset=_stsb_sample(), flow_options=flow_options)
    raw, done = result.metrics["raw"], result.metrics[post]
    return LessonResult(
        {
            "raw_cosine": raw["random_pair_cosine"],
            "cosine": done["random_pair_cosine"],
            "raw_spearman": 100 * raw["spearman"],
            "spearman": 100 * done["spearman"],
        },
        cosine_histograms(result, lang),
    )


@cache
def run_whitening(lang: str = "en") -> LessonResult:
    return _post_lesson("whitening", lang)


@cache
def run_flow(lang: str = "en") -> LessonResult:
    return _post_lesson("flow", lang, {"max_seconds": FLOW_SECONDS})


@cache
def run_finetuning(lang: str = "en") -> LessonResult:
    from stsdemo.geometry import analyse
    from stsdemo.specs import load

    rows = {}
    for key, spec in (("lesson.plot.pretrained", "mlm-mini-en:mean"), ("lesson.plot.fine_tuned", "minilm")):
        rows[text(key, lang, spec=spec)] = analyse(load(spec), posts=(), dataset=_stsb_sample()).metrics["raw"]
    (pre, tuned) = rows.values()
    values = {
        "pretrained_cosine": pre["random_pair_cosine"],
        "pretrained_spearman": 100 * pre["spearman"],
        "tuned_cosine": tuned["random_pair_cosine"],
        "tuned_spearman": 100 * tuned["spearman"],
    }
    fig = go.Figure(
        [
            go.Bar(
                name=text("lesson.plot.random_pair_cosine", lang),
                x=list(rows),
                y=[m["random_pair_cosine"] for m in rows.values()],
            ),
            go.Bar(name="Spearman / 100", x=list(rows), y=[m["spearman"] for m in rows.values()]),
        ]
    )
    fig.update_layout(barmode="group", height=300, margin={"l": 10, "r": 10, "t": 40, "b": 40}, template="plotly_white")
    return LessonResult(values, fig)


LESSONS: list[Lesson] = [
    Lesson(
        key="cosine",
        title={"en": "1 · Cosine, bi-encoders and cross-encoders", "zh": "1 · 余弦、双塔与交叉编码器"},
        text={
            "en": "A bi-encoder turns each sentence into a vector on its own; similarity is the cosine of the "
            "angle between the two vectors (1 = same direction). A cross-encoder reads both sentences together "
            "and outputs one score: more accurate, but every pair costs a full model run, so it cannot index a corpus.",
            "zh": "双塔模型（bi-encoder）把每个句子单独编码成向量，相似度是两个向量夹角的余弦（1 表示方向相同）。"
            "交叉编码器把两句一起读入并直接打分：更准，但每一对都要完整跑一次模型，无法预先给语料建索引。",
        },
        run=run_cosine,
        key_figure={
            "en": "minilm cosine: paraphrase {paraphrase:.2f} · unrelated {unrelated:.2f}",
            "zh": "minilm 余弦：同义句 {paraphrase:.2f} · 无关句 {unrelated:.2f}",
        },
        try_tab="score",
        try_inputs={"pairs": [list(PARAPHRASE), list(UNRELATED)], "encoders": ["minilm"]},
        question={
            "en": "Why can a search engine over a million documents use a bi-encoder but not a cross-encoder?",
            "zh": "为什么百万文档的检索可以用双塔模型，却不能直接用交叉编码器？",
        },
        answer={
            "en": "The bi-encoder encodes every document once, ahead of time; a query then costs one encoding plus "
            "dot products. A cross-encoder would need a million transformer runs per query.",
            "zh": "双塔模型可以提前把所有文档编码一次，查询时只需编码查询并做点积；"
            "交叉编码器每次查询都要跑一百万次模型。",
        },
    ),
    Lesson(
        key="pooling",
        title={"en": "2 · Pooling: CLS, mean, layers", "zh": "2 · 池化：CLS、平均、不同层"},
        text={
            "en": "A transformer gives one vector per token; pooling makes one sentence vector: the [CLS] token, "
            "the mean of the last layer, an average of layers, or the embedding layer alone (static). The same "
            "network gives very different cosines depending on the pooling.",
            "zh": "Transformer 为每个词输出一个向量；池化把它们合成一个句向量：取 [CLS]、对最后一层取平均、"
            "对若干层取平均，或只用词嵌入层（静态）。同一个网络，池化不同，余弦差别很大。",
        },
        run=run_pooling,
        key_figure={
            "en": "unrelated pair: {cosines}",
            "zh": "无关句对：{cosines}",
        },
        try_tab="score",
        try_inputs={"pairs": [list(PARAPHRASE), list(UNRELATED)], "encoders": POOLINGS},
        question={
            "en": "Raw CLS gives the unrelated pair a cosine around 0.5. "
            "Does that mean the sentences are half similar?",
            "zh": "原始 CLS 给这对无关句子约 0.5 的余弦。这是否说明它们“一半相似”？",
        },
        answer={
            "en": "No: raw CLS gives random pairs about 0.5 too (lesson 3), so 0.5 is 'as similar as two random "
            "sentences'. Compare a cosine with the encoder's random pairs (the percentile column), not with 0.",
            "zh": "不是：原始 CLS 给随机句对的余弦也在 0.5 左右（第 3 课），所以 0.5 只是“和随机两句一样相似”。"
            "应与该编码器的随机句对比较（百分位列），而不是与 0 比较。",
        },
    ),
    Lesson(
        key="anisotropy",
        title={"en": "3 · Anisotropy: the cone", "zh": "3 · 各向异性：锥形分布"},
        text={
            "en": "Raw BERT-style sentence vectors share one large common direction: they sit in a narrow cone, so "
            "even random sentence pairs get high cosines. A trained sentence encoder spreads them out.",
            "zh": "原始 BERT 类句向量有一个很大的公共方向，挤在一个狭窄的锥里，所以随机两句的余弦也很高；"
            "训练过的句向量模型则把它们铺开。",
        },
        run=run_anisotropy,
        key_figure={
            "en": "average cosine of random pairs: {cosines}",
            "zh": "随机句对的平均余弦：{cosines}",
        },
        try_tab="geometry",
        try_inputs={"geo-encoder": "minilm:cls", "geo-limit": 300, "geo-posts": []},
        question={
            "en": "If all vectors share a big mean vector μ, what happens to cos(u, v) as |μ| grows?",
            "zh": "如果所有向量都含有一个很大的公共均值 μ，|μ| 变大时 cos(u, v) 会怎样？",
        },
        answer={
            "en": "It tends to 1 for every pair: the shared μ dominates both vectors, and the differences that carry "
            "meaning become a small part of the angle.",
            "zh": "所有句对的余弦都趋近 1：公共的 μ 主导了两个向量，携带语义的差异只占夹角的一小部分。",
        },
    ),
    Lesson(
        key="whitening",
        title={"en": "4 · Whitening", "zh": "4 · 白化"},
        text={
            "en": "Whitening subtracts the mean vector and rescales the principal directions to equal variance "
            "(x − μ)UΛ^-1/2. The cone disappears: random pairs drop to a cosine near 0. Whether the *ranking* of "
            "pairs improves depends on the fit: here it is fitted on the few hundred analysed sentences alone, too "
            "few to estimate a 384 × 384 covariance, so Spearman may even drop; fitted on the 10k sentences of "
            "STS-B train it lifts minilm:cls on the whole test set from {{eval/stsb:test/minilm:cls/raw|spearman|1}} "
            "to {{eval/stsb:test/minilm:cls/whitening|spearman|1}}.",
            "zh": "白化减去均值向量，并把各主方向缩放到相同方差：(x − μ)UΛ^-1/2。锥形消失，随机句对的余弦降到 0 附近。"
            "句对的*排序*是否变好取决于拟合：这里只用分析的几百个句子拟合，不足以估计 384 × 384 的协方差，"
            "Spearman 甚至可能下降；改用 STS-B 训练集的 1 万个句子拟合，minilm:cls 在整个测试集上从 "
            "{{eval/stsb:test/minilm:cls/raw|spearman|1}} 升到 {{eval/stsb:test/minilm:cls/whitening|spearman|1}}。",
        },
        run=run_whitening,
        key_figure={
            "en": "minilm:cls random-pair cosine {raw_cosine:.2f} → {cosine:.2f} after whitening; "
            "Spearman {raw_spearman:.1f} → {spearman:.1f}",
            "zh": "白化后 minilm:cls 随机句对余弦 {raw_cosine:.2f} → {cosine:.2f}；"
            "Spearman {raw_spearman:.1f} → {spearman:.1f}",
        },
        try_tab="geometry",
        try_inputs={"geo-encoder": "minilm:cls", "geo-limit": 300, "geo-posts": ["whitening"]},
        question={
            "en": "Whitening helps raw CLS. Would you whiten the trained minilm encoder too?",
            "zh": "白化对原始 CLS 有帮助。你会对训练好的 minilm 也做白化吗？",
        },
        answer={
            "en": "Usually not: its cosine was already trained to rank pairs, and whitening weights every direction "
            "equally, noise included; on STS-B its Spearman drops (Geometry tab text).",
            "zh": "通常不会：它的余弦已经训练得能给句对排序，白化把所有方向（包括噪声）一视同仁地放大，"
            "在 STS-B 上 Spearman 反而下降（见几何标签页的说明）。",
        },
    ),
    Lesson(
        key="flow",
        title={"en": "5 · Flow", "zh": "5 · 标准化流"},
        text={
            "en": "A normalizing flow (BERT-flow) learns an invertible map that turns the vectors into a standard "
            "Gaussian, a non-linear version of whitening. Here it is fitted for a few seconds on the same "
            "sentences.",
            "zh": "标准化流（BERT-flow）学习一个可逆映射，把向量变成标准高斯分布，相当于非线性的白化。"
            "这里在同一批句子上拟合几秒钟。",
        },
        run=run_flow,
        key_figure={
            "en": "minilm:cls random-pair cosine {raw_cosine:.2f} → {cosine:.2f} after flow; "
            "Spearman {raw_spearman:.1f} → {spearman:.1f}",
            "zh": "标准化流后 minilm:cls 随机句对余弦 {raw_cosine:.2f} → {cosine:.2f}；"
            "Spearman {raw_spearman:.1f} → {spearman:.1f}",
        },
        try_tab="geometry",
        try_inputs={"geo-encoder": "minilm:cls", "geo-limit": 300, "geo-posts": ["flow"]},
        question={
            "en": "Whitening and a flow both make the vectors look Gaussian. "
            "What can the flow do that whitening cannot?",
            "zh": "白化和流都让向量看起来像高斯分布。流能做到而白化做不到的是什么？",
        },
        answer={
            "en": "Undo non-linear structure (curved, multi-modal clouds): whitening is one linear map, so it can "
            "only fix the mean and the covariance.",
            "zh": "处理非线性结构（弯曲、多峰的分布）：白化只是一个线性变换，只能校正均值和协方差。",
        },
    ),
    Lesson(
        key="finetuning",
        title={"en": "6 · Fine-tuning changes the geometry", "zh": "6 · 微调改变几何结构"},
        text={
            "en": "Contrastive fine-tuning (SimCSE, sentence-transformers) pulls paraphrases together and pushes "
            "random pairs apart. Compare a model that was only pretrained with masked-language modelling with "
            "one fine-tuned on sentence pairs.",
            "zh": "对比学习微调（SimCSE、sentence-transformers）把同义句拉近、把随机句对推远。"
            "比较只做过掩码语言模型预训练的模型与在句对上微调过的模型。",
        },
        run=run_finetuning,
        key_figure={
            "en": "pretrained only (mlm-mini-en:mean): random pairs {pretrained_cosine:.2f}, "
            "Spearman {pretrained_spearman:.1f} · fine-tuned (minilm): random pairs {tuned_cosine:.2f}, "
            "Spearman {tuned_spearman:.1f}",
            "zh": "只做预训练（mlm-mini-en:mean）：随机句对 {pretrained_cosine:.2f}，"
            "Spearman {pretrained_spearman:.1f} · 微调后（minilm）：随机句对 {tuned_cosine:.2f}，"
            "Spearman {tuned_spearman:.1f}",
        },
        try_tab="train",
        try_inputs={},
        question={
            "en": "Fine-tuning lowered the random-pair cosine. Why does that also help ranking (Spearman)?",
            "zh": "微调降低了随机句对的余弦。为什么这也有助于排序（Spearman）？",
        },
        answer={
            "en": "The cosine range is no longer spent on the shared direction: differences between sentences now "
            "move the angle a lot, so related and unrelated pairs separate.",
            "zh": "余弦的取值范围不再被公共方向占据：句子之间的差异现在能显著改变夹角，相关与无关句对因此分开。",
        },
    ),
]
