"""Chinese text: pure functions on characters, numerals, pinyin, normalisation and OpenCC scripts."""
