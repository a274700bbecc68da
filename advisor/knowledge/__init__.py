"""Knowledge: the sources and their index. The paper and its references (``corpus``), users' documents
(``loaders``), pure chunking, the embedding models, the Chroma adapter (``store``, the only module that touches
Chroma), building and following the index (``index``) and paragraph-level hybrid search (``retrieval``)."""
