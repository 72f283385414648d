import pytest

from solution import parse_duration


def test_full():
    assert parse_duration("1h30m15s") == 5415


def test_minutes():
    assert parse_duration("45m") == 2700


def test_garbage():
    with pytest.raises(ValueError):
        parse_duration("ten minutes")
