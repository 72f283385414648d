package io.codeagents.generator.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.generator.service.FencedBlocks.Block;

/**
 * Finds the implementation and its tests in what a model really answers: fenced blocks with or without a language tag,
 * prose around them, usage examples and shell commands beside them, both files in one block, a last block cut off by
 * the token limit, or bare code without any fence. Tests are made to import the implementation from the module the
 * reviewer writes it to ({@code solution}).
 */
@ApplicationScoped
public class CodeExtractor {

    private static final Pattern TOP_LEVEL_DEFINITION = Pattern.compile("(?m)^(?:async\\s+)?(?:def|class)\\s+(\\w+)");
    private static final Pattern TEST_DEFINITION = Pattern
            .compile("(?m)^\\s*(?:async\\s+)?def\\s+test\\w*\\s*\\(|^class\\s+Test\\w*");
    private static final Pattern TEST_IMPORT = Pattern
            .compile("(?m)^\\s*(?:import\\s+(?:pytest|unittest)\\b|from\\s+(?:pytest|unittest)\\s+import)");
    private static final Pattern FROM_IMPORT = Pattern
            .compile("(?m)^from[ \\t]+([\\w.]+)[ \\t]+import[ \\t]+\\(?([\\w \\t,*]+?)\\)?[ \\t]*$");
    private static final Pattern PLAIN_IMPORT = Pattern.compile("(?m)^import[ \\t]+(\\w+)[ \\t]*$");
    private static final Pattern SHELL = Pattern
            .compile("(?s)^\\s*(?:\\$ |pip3? install|python3? -m|pytest\\s|>>> |=+ test session)");
    private static final Pattern PYTHON_START = Pattern.compile("^(?:def |class |import |from |@|async def |#!)");
    private static final Set<String> NOT_CODE_TAGS = Set.of("bash", "sh", "shell", "console", "zsh", "text", "txt",
            "output", "plaintext", "json", "yaml", "yml", "toml", "ini", "cfg", "diff", "markdown", "md");

    /** What was found: the implementation, its tests (empty when the model wrote none) and whether it was cut short. */
    public record Extraction(String code, String tests, boolean truncated) {

        public boolean hasTests() {
            return !tests.isBlank();
        }
    }

    /**
     * @param answer the model's answer
     * @param cutByTokenLimit the model stopped at its token limit, so an unclosed last block is incomplete
     * @return empty when the answer holds no code
     */
    public Optional<Extraction> extract(String answer, Language language, boolean cutByTokenLimit) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        String text = FencedBlocks.withoutThinking(answer.replace("\r\n", "\n"));
        List<Candidate> candidates = new ArrayList<>();
        boolean truncated = false;
        for (Block block : FencedBlocks.parse(text)) {
            if (!isCode(block, language)) {
                continue;
            }
            String content = block.content();
            if (block.unclosed() && cutByTokenLimit) {
                content = withoutLastTopLevelUnit(content);
                truncated = true;
            }
            if (!content.isBlank()) {
                candidates.add(new Candidate(content, block.fileHint(), language));
            }
        }
        if (candidates.isEmpty() && looksLikeBareCode(text)) {
            candidates.add(new Candidate(text, "", language));
        }
        boolean cut = truncated;
        return choose(candidates, language).map(e -> new Extraction(e.code(), e.tests(), cut));
    }

    private static boolean isCode(Block block, Language language) {
        if (NOT_CODE_TAGS.contains(block.tag()) || SHELL.matcher(block.content()).find()) {
            return false;
        }
        return block.tag().isEmpty() || language.fenceTags().contains(block.tag());
    }

    private static boolean looksLikeBareCode(String text) {
        String first = text.strip();
        return PYTHON_START.matcher(first).find() && TOP_LEVEL_DEFINITION.matcher(text).find();
    }

    private static Optional<Extraction> choose(List<Candidate> candidates, Language language) {
        Optional<Candidate> tests = candidates.stream().filter(c -> c.kind == Kind.TESTS)
                .max(Comparator.comparingInt(c -> c.content.length()));
        Optional<Candidate> code = candidates.stream().filter(c -> c.kind == Kind.CODE)
                .max(Comparator.comparingInt(Candidate::codeRank));
        Optional<Candidate> mixed = candidates.stream().filter(c -> c.kind == Kind.MIXED)
                .max(Comparator.comparingInt(c -> c.content.length()));
        String codeText;
        String testsText;
        if (code.isPresent() && code.get().definesSomething()) {
            codeText = code.get().content;
            // Beside a separate implementation, a block with tests and helpers that imports the module is the test file.
            testsText = tests.map(c -> c.content).orElseGet(() -> mixed
                    .map(m -> importsModule(m.content, language) ? m.content : split(m.content)[1]).orElse(""));
        } else if (mixed.isPresent()) {
            String[] parts = split(mixed.get().content);
            codeText = parts[0];
            testsText = tests.map(c -> c.content).orElse(parts[1]);
        } else if (code.isPresent()) {
            codeText = code.get().content;
            testsText = tests.map(c -> c.content).orElse("");
        } else {
            return Optional.empty();
        }
        if (codeText.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Extraction(codeText.strip() + "\n",
                testsText.isBlank() ? "" : importingFromModule(testsText, codeText, language).strip() + "\n", false));
    }

    /**
     * Splits one block holding both files at the first sign of the tests: a comment naming them, the test framework's
     * import, an import of the module, or the first test (with the decorators and comments just above it).
     */
    static String[] split(String block) {
        String[] lines = block.split("\n", -1);
        int at = -1;
        for (int i = 0; i < lines.length && at < 0; i++) {
            String line = lines[i];
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            boolean testsComment = line.startsWith("#") && lower.contains("test");
            boolean testsImport = TEST_IMPORT.matcher(line).find()
                    || line.matches("^(from\\s+solution\\s+import|import\\s+solution).*");
            if (i > 0 && (testsComment || testsImport)) {
                at = i;
            }
        }
        if (at < 0) {
            for (int i = 0; i < lines.length && at < 0; i++) {
                if (TEST_DEFINITION.matcher(lines[i]).find() && !lines[i].startsWith(" ")) {
                    at = i;
                    while (at > 0 && (lines[at - 1].startsWith("@") || lines[at - 1].startsWith("#"))) {
                        at--;
                    }
                }
            }
        }
        if (at <= 0) {
            return new String[]{block, ""};
        }
        return new String[]{String.join("\n", java.util.Arrays.copyOfRange(lines, 0, at)),
                String.join("\n", java.util.Arrays.copyOfRange(lines, at, lines.length))};
    }

    /**
     * Tests written against another module name ({@code from main import add}, {@code import my_module}) or against
     * nothing (both files were one) are pointed at the implementation's module.
     */
    static String importingFromModule(String tests, String code, Language language) {
        String module = language.moduleName();
        Set<String> defined = definedNames(code);
        StringBuilder out = new StringBuilder();
        Matcher from = FROM_IMPORT.matcher(tests);
        int last = 0;
        while (from.find()) {
            out.append(tests, last, from.start());
            String source = from.group(1);
            boolean importsOurNames = java.util.Arrays.stream(from.group(2).split("[\\s,]+"))
                    .anyMatch(defined::contains);
            out.append(importsOurNames && !source.equals(module)
                    ? from.group().replaceFirst("from\\s+[\\w.]+", "from " + module)
                    : from.group());
            last = from.end();
        }
        out.append(tests.substring(last));
        String rewritten = out.toString();
        Matcher plain = PLAIN_IMPORT.matcher(rewritten);
        StringBuilder aliased = new StringBuilder();
        last = 0;
        while (plain.find()) {
            aliased.append(rewritten, last, plain.start());
            String name = plain.group(1);
            boolean usesOurNames = defined.stream().anyMatch(d -> rewritten.contains(name + "." + d));
            aliased.append(usesOurNames && !name.equals(module) ? "import " + module + " as " + name : plain.group());
            last = plain.end();
        }
        aliased.append(rewritten.substring(last));
        String result = aliased.toString();
        if (!importsModule(result, language)) {
            Set<String> used = new LinkedHashSet<>();
            Set<String> definedInTests = definedNames(result);
            for (String name : defined) {
                if (!definedInTests.contains(name)
                        && Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(result).find()) {
                    used.add(name);
                }
            }
            if (!used.isEmpty()) {
                result = "from " + module + " import " + String.join(", ", used) + "\n" + result;
            }
        }
        if (result.contains("pytest.") && !Pattern.compile("(?m)^import\\s+pytest\\b").matcher(result).find()) {
            result = "import pytest\n" + result;
        }
        return result;
    }

    private static boolean importsModule(String content, Language language) {
        return Pattern.compile("(?m)^\\s*(from\\s+" + language.moduleName() + "\\s+import|import\\s+"
                + language.moduleName() + "\\b)").matcher(content).find();
    }

    static Set<String> definedNames(String code) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOP_LEVEL_DEFINITION.matcher(code);
        while (m.find()) {
            if (!m.group(1).startsWith("test") && !m.group(1).startsWith("Test")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * A block cut off by the token limit ends in the middle of something; the last top-level unit (a function, a class,
     * a statement, with its decorators) is dropped rather than handed on broken.
     */
    static String withoutLastTopLevelUnit(String content) {
        String[] lines = content.split("\n", -1);
        int lastTopLevel = -1;
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !Character.isWhitespace(lines[i].charAt(0)) && !lines[i].startsWith("#")) {
                lastTopLevel = i;
                break;
            }
        }
        if (lastTopLevel <= 0) {
            return lastTopLevel == 0 ? "" : content;
        }
        int cut = lastTopLevel;
        while (cut > 0 && lines[cut - 1].startsWith("@")) {
            cut--;
        }
        return String.join("\n", java.util.Arrays.copyOfRange(lines, 0, cut)).stripTrailing() + "\n";
    }

    private enum Kind {
        CODE, TESTS, MIXED
    }

    /** A block that may be the implementation, the tests, or both. */
    private static final class Candidate {
        final String content;
        final String fileHint;
        final Kind kind;
        final Language language;

        Candidate(String content, String fileHint, Language language) {
            this.content = content;
            this.fileHint = fileHint;
            this.language = language;
            this.kind = classify(content, fileHint, language);
        }

        private static Kind classify(String content, String fileHint, Language language) {
            boolean hasTests = TEST_DEFINITION.matcher(content).find() || TEST_IMPORT.matcher(content).find();
            boolean hasOwnDefinitions = !withoutFixtures(definedNames(content), content).isEmpty();
            boolean namedAsTests = fileHint.startsWith("test") || fileHint.contains("/test");
            boolean namedAsCode = fileHint.equals(language.codeFile());
            if (hasTests && hasOwnDefinitions && !namedAsTests) {
                return namedAsCode && !TEST_DEFINITION.matcher(content).find() ? Kind.CODE : Kind.MIXED;
            }
            if (hasTests || namedAsTests) {
                return Kind.TESTS;
            }
            return Kind.CODE;
        }

        /** Fixtures are part of the tests, not an implementation. */
        private static Set<String> withoutFixtures(Set<String> names, String content) {
            Set<String> own = new LinkedHashSet<>(names);
            own.removeIf(name -> Pattern.compile("(?m)^@pytest\\.fixture.*\\n(?:@.*\\n)*def\\s+" + Pattern.quote(name) + "\\b")
                    .matcher(content).find());
            return own;
        }

        boolean definesSomething() {
            return !definedNames(content).isEmpty();
        }

        /** A block the model named as the implementation wins; then one that defines something; then the longest. */
        int codeRank() {
            int rank = Math.min(content.length(), 1_000_000);
            if (definesSomething()) {
                rank += 2_000_000;
            }
            if (fileHint.equals(language.codeFile())) {
                rank += 4_000_000;
            }
            return rank;
        }
    }
}
