"""Runs test_solution.py inside the reviewer's sandbox and writes a JUnit XML report.

pytest where it is importable; otherwise a small standard-library runner that runs the same kinds of
tests (test_* functions and unittest.TestCase classes) and writes the same report, so the reviewer
parses one format whatever the interpreter offers.

Usage: run_tests.py REPORT_FILE
"""
import os
import sys
import time
import traceback
import unittest
from xml.sax.saxutils import quoteattr, escape

TEST_MODULE = "test_solution"


def warm():
    """Imports pytest (None where it is not importable); launch.py calls it before the files arrive, since that
    import is most of a test run's start-up, and main() again, when it is already done."""
    try:
        import pytest
    except ImportError:
        return None
    return pytest


def run_pytest(pytest, report):
    # Plugins installed next to the interpreter belong to whoever installed them, not to the review.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return pytest.main(["-q", "--color=no", "-p", "no:cacheprovider", "--rootdir=.", "--tb=short", "-rfE",
                        "--junitxml=" + report, TEST_MODULE + ".py"])


class Outcome:
    def __init__(self, classname, name):
        self.classname, self.name = classname, name
        self.kind, self.message, self.detail, self.seconds = None, "", "", 0.0

    def xml(self):
        head = "<testcase classname=%s name=%s time=\"%.3f\"" % (quoteattr(self.classname), quoteattr(self.name),
                                                                  self.seconds)
        if self.kind is None:
            return head + " />"
        return head + "><%s message=%s>%s</%s></testcase>" % (self.kind, quoteattr(self.message),
                                                               escape(self.detail), self.kind)


def run_callable(outcome, call):
    started = time.monotonic()
    try:
        call()
    except unittest.SkipTest as e:
        outcome.kind, outcome.message = "skipped", str(e)
    except AssertionError as e:
        # a bare assert has no message: show the line that failed, as pytest does
        line = traceback.extract_tb(e.__traceback__)[-1].line
        outcome.kind, outcome.message = "failure", "AssertionError: " + (str(e) or line or "")
        outcome.detail = traceback.format_exc()
    except Exception as e:  # the test's own failure, whatever it is, is reported, not raised
        outcome.kind, outcome.message = "failure", type(e).__name__ + ": " + str(e)
        outcome.detail = traceback.format_exc()
    outcome.seconds = time.monotonic() - started
    return outcome


def stdlib_outcomes():
    try:
        module = __import__(TEST_MODULE)
    except BaseException as e:  # a module that cannot be imported is a collection error, as in pytest
        outcome = Outcome("", TEST_MODULE)
        outcome.kind, outcome.message, outcome.detail = "error", "collection failure", "".join(
            traceback.format_exception(type(e), e, e.__traceback__))
        return [outcome]
    outcomes = []
    for name, value in sorted(vars(module).items()):
        if name.startswith("test") and callable(value) and not isinstance(value, type):
            outcomes.append(run_callable(Outcome(TEST_MODULE, name), value))
        elif isinstance(value, type) and issubclass(value, unittest.TestCase):
            for method in unittest.TestLoader().getTestCaseNames(value):
                case = value(method)
                outcomes.append(run_callable(Outcome(TEST_MODULE + "." + name, method), case.debug))
    return outcomes


def run_stdlib(report):
    outcomes = stdlib_outcomes()
    counts = {kind: sum(1 for o in outcomes if o.kind == kind) for kind in ("failure", "error", "skipped")}
    with open(report, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="stdlib" tests="%d" '
                'failures="%d" errors="%d" skipped="%d">' % (len(outcomes), counts["failure"], counts["error"],
                                                               counts["skipped"]))
        f.write("".join(o.xml() for o in outcomes))
        f.write("</testsuite></testsuites>")
    for o in outcomes:
        print("%s::%s %s" % (o.classname, o.name, (o.kind or "passed").upper()), o.message)
        if o.detail:
            print(o.detail)
    return 1 if counts["failure"] or counts["error"] else 0 if outcomes else 5


def main():
    report = sys.argv[1]
    sys.path.insert(0, os.getcwd())
    pytest = warm()
    if pytest is None:
        print("pytest is not importable: running the tests with the standard-library runner")
        return run_stdlib(report)
    return run_pytest(pytest, report)


if __name__ == "__main__":
    sys.exit(main())
