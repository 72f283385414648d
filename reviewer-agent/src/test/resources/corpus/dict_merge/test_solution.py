from solution import deep_merge


def test_flat():
    assert deep_merge({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}


def test_nested():
    assert deep_merge({"db": {"host": "x", "port": 1}}, {"db": {"port": 2}}) == {"db": {"host": "x", "port": 2}}


def test_inputs_untouched():
    a = {"k": {"v": 1}}
    deep_merge(a, {"k": {"w": 2}})
    assert a == {"k": {"v": 1}}
