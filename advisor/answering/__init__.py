"""Answering: from a question to a grounded, cited answer about what was asked.

``evidence`` turns the paper, the rules and users' documents into typed sentence-level units;
``catalogue`` and ``analysis`` understand the question (kinds, topics, place, gaps) with the embedding model;
``selection`` ranks every unit against the question and picks a short, diverse set; ``shape`` writes the answer.
"""
