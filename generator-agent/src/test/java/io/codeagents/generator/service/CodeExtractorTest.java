package io.codeagents.generator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.codeagents.generator.service.CodeExtractor.Extraction;

/** Answers shaped like those local code models really give, and what must be found in each. */
class CodeExtractorTest {

    private final CodeExtractor extractor = new CodeExtractor();

    private static final String CODE = "def add(a, b):\n    return a + b\n";
    private static final String TESTS = "from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n";

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("two tagged blocks with prose around",
                        "Here is the implementation:\n\n```python\n" + CODE + "```\n\nAnd the tests:\n\n```python\n" + TESTS
                                + "```\n\nRun them with pytest.",
                        CODE, TESTS),
                Arguments.of("blocks without a language tag",
                        "```\n" + CODE + "```\n\n```\n" + TESTS + "```\n", CODE, TESTS),
                Arguments.of("tag py and tilde fences",
                        "~~~py\n" + CODE + "~~~\n~~~py\n" + TESTS + "~~~\n", CODE, TESTS),
                Arguments.of("file names in the info string, tests first",
                        "```python title=\"test_solution.py\"\n" + TESTS + "```\n```python:solution.py\n" + CODE + "```\n",
                        CODE, TESTS),
                Arguments.of("file names in the line before each block",
                        "**solution.py**\n```python\n" + CODE + "```\n**test_solution.py**\n```python\n" + TESTS + "```\n",
                        CODE, TESTS),
                Arguments.of("CRLF line endings",
                        ("```python\n" + CODE + "```\n```python\n" + TESTS + "```\n").replace("\n", "\r\n"), CODE, TESTS),
                Arguments.of("shell command and output blocks are ignored",
                        "```bash\npip install pytest\n```\n```python\n" + CODE + "```\n```python\n" + TESTS
                                + "```\n```\n$ pytest -q\n1 passed\n```\n",
                        CODE, TESTS),
                Arguments.of("a usage example beside the implementation is not taken for it",
                        "```python\n" + CODE + "```\nExample:\n```python\nprint(add(1, 2))\n```\n```python\n" + TESTS
                                + "```\n",
                        CODE, TESTS),
                Arguments.of("one block holding both, split at the tests' import",
                        "```python\n" + CODE + "\n\n" + "import pytest\n" + TESTS + "```\n", CODE,
                        "import pytest\n" + TESTS),
                Arguments.of("one block holding both without any import: tests get one",
                        "```python\n" + CODE + "\n\ndef test_add():\n    assert add(2, 3) == 5\n```\n", CODE,
                        "from solution import add\ndef test_add():\n    assert add(2, 3) == 5\n"),
                Arguments.of("one block holding both, split at a file comment",
                        "```python\n# solution.py\n" + CODE + "\n# test_solution.py\n" + TESTS + "```", "# solution.py\n"
                                + CODE,
                        "# test_solution.py\n" + TESTS),
                Arguments.of("tests importing another module name are pointed at solution",
                        "```python\n" + CODE
                                + "```\n```python\nfrom adder import add\n\ndef test_add():\n    assert add(1, 1) == 2\n```",
                        CODE, "from solution import add\n\ndef test_add():\n    assert add(1, 1) == 2\n"),
                Arguments.of("tests using a module alias are pointed at solution",
                        "```python\n" + CODE
                                + "```\n```python\nimport adder\n\ndef test_add():\n    assert adder.add(1, 1) == 2\n```",
                        CODE, "import solution as adder\n\ndef test_add():\n    assert adder.add(1, 1) == 2\n"),
                Arguments.of("unclosed last block (the model forgot the fence) is kept whole",
                        "```python\n" + CODE + "```\n```python\n" + TESTS, CODE, TESTS),
                Arguments.of("reasoning before the answer is skipped",
                        "<think>maybe ```python\ndef add(a, b): pass\n``` no</think>\n```python\n" + CODE + "```\n```python\n"
                                + TESTS + "```",
                        CODE, TESTS),
                Arguments.of("bare code without fences",
                        CODE + "\n\n" + "def test_add():\n    assert add(2, 3) == 5\n", CODE,
                        "from solution import add\ndef test_add():\n    assert add(2, 3) == 5\n"),
                Arguments.of("fixtures stay with the tests",
                        "```python\n" + CODE + "```\n```python\nimport pytest\nfrom solution import add\n\n@pytest.fixture\n"
                                + "def pair():\n    return (2, 3)\n\ndef test_add(pair):\n    assert add(*pair) == 5\n```",
                        CODE,
                        "import pytest\nfrom solution import add\n\n@pytest.fixture\ndef pair():\n    return (2, 3)\n\n"
                                + "def test_add(pair):\n    assert add(*pair) == 5\n"),
                Arguments.of("pytest.raises without an import gets one",
                        "```python\n" + CODE + "```\n```python\nfrom solution import add\n\ndef test_type():\n"
                                + "    with pytest.raises(TypeError):\n        add(1, None)\n```",
                        CODE,
                        "import pytest\nfrom solution import add\n\ndef test_type():\n    with pytest.raises(TypeError):\n"
                                + "        add(1, None)\n"),
                Arguments.of("only an implementation: tests empty", "```python\n" + CODE + "```", CODE, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void findsCodeAndTests(String name, String answer, String expectedCode, String expectedTests) {
        Extraction extraction = extractor.extract(answer, Language.PYTHON, false).orElseThrow();
        assertEquals(expectedCode, extraction.code(), "code");
        assertEquals(expectedTests, extraction.tests(), "tests");
        assertFalse(extraction.truncated());
    }

    @Test
    void truncatedLastBlockLosesItsIncompleteTest() {
        String answer = "```python\n" + CODE + "```\n```python\n" + TESTS + "\n\ndef test_negative():\n    assert add(-1, -";
        Extraction extraction = extractor.extract(answer, Language.PYTHON, true).orElseThrow();
        assertEquals(CODE, extraction.code());
        assertEquals(TESTS, extraction.tests());
        assertTrue(extraction.truncated());
    }

    @Test
    void truncatedImplementationKeepsItsCompleteFunctions() {
        String answer = "```python\ndef add(a, b):\n    return a + b\n\n\n@cache\ndef mul(a, b):\n    return a *";
        Extraction extraction = extractor.extract(answer, Language.PYTHON, true).orElseThrow();
        assertEquals("def add(a, b):\n    return a + b\n", extraction.code());
        assertEquals("", extraction.tests());
    }

    static Stream<Arguments> nothingUsable() {
        return Stream.of(Arguments.of("prose only", "I cannot help with that, but here is an idea: use recursion."),
                Arguments.of("empty", ""), Arguments.of("blank", "  \n "),
                Arguments.of("only shell", "```bash\npip install numpy\n```"),
                Arguments.of("another language", "```javascript\nfunction add(a, b) { return a + b }\n```"),
                Arguments.of("only reasoning", "<think>def add(a, b): return a + b</think>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nothingUsable")
    void nothingUsableIsEmpty(String name, String answer) {
        Optional<Extraction> extraction = extractor.extract(answer, Language.PYTHON, false);
        assertTrue(extraction.isEmpty(), () -> "extracted " + extraction);
    }
}
