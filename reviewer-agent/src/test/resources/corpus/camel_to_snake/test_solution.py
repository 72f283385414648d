from solution import camel_to_snake


def test_camel():
    assert camel_to_snake("requestId") == "request_id"


def test_pascal():
    assert camel_to_snake("HttpServer") == "http_server"


def test_acronym():
    assert camel_to_snake("parseHTTPResponse") == "parse_http_response"
