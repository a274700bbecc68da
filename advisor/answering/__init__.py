"""Answering: the pipeline from a question to a grounded, cited answer about what was asked.

``understand`` and ``routes`` read the question (place, tier, false premise); ``evidence`` turns the paper, the
rules and users' documents into typed sentence-level units; ``catalogue`` and ``analysis`` find the kind of
question, its gaps and sub-questions with the embedding model; ``selection`` ranks every unit against it;
``shape`` and ``draft`` write the answer, first the sentences that answer; ``citations`` and ``llm`` verify it.
"""
