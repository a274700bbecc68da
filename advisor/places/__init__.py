"""Places: any name a user types (中文, pinyin, traditional, English, a 6-digit code) → a county, prefecture or
province of mainland China with its tier (东部/中部/西部) and notes. ``gazetteer`` is the entry point; ``index``,
``scan`` and ``tiers`` are its parts (names table, finding a place in a sentence, tier rules from tiers.yaml)."""
