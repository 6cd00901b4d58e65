"""Pretrain a small *raw* BERT with masked language modelling (MLM), the way BERT itself was made.

Why: the geometry lessons (narrow cone, weak CLS, whitening / flow / SimCSE as fixes) are about
MLM-pretrained BERT, and no such checkpoint can be downloaded here. This recipe builds one that
anyone can rebuild: fixed seed, a corpus file with named evaluation sets' sentences removed, a
vocabulary pruned to the tokens the corpus uses (so the model stays small), and a model card.

Three steps, one module each:

* :mod:`~stsdemo.training.mlm.corpus`: gather the sentences, remove the evaluation sets' sentences;
* :mod:`~stsdemo.training.mlm.vocab`: a WordPiece vocabulary (given or trained), pruned to the corpus;
* :mod:`~stsdemo.training.mlm.train`: Hugging Face ``Trainer`` with ``DataCollatorForLanguageModeling``,
  a wall-time budget, and the loss at masked positions only; :mod:`~stsdemo.training.mlm.card` writes
  the model card.

The output folder is a plain transformers folder (``config.json``, ``model.safetensors`` in fp16,
tokenizer files) loadable by ``AutoModel`` / sentence-transformers' ``Transformer``, plus
``README.md`` (model card) and ``metrics.json``.
"""

from stsdemo.training.mlm.corpus import evaluation_sentences, exclude, gather_corpus
from stsdemo.training.mlm.train import MLMConfig, train_mlm

__all__ = ["MLMConfig", "evaluation_sentences", "exclude", "gather_corpus", "train_mlm"]
