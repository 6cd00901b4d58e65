"""Training recipes: MLM pretraining of small raw BERTs (:mod:`stsdemo.training.mlm`) and more."""
