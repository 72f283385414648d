from solution import are_anagrams


def test_anagram():
    assert are_anagrams("Listen", "Silent")


def test_counts_matter():
    assert not are_anagrams("aab", "abb")
