package io.codeagents.generator.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The languages the generator writes and the reviewer can test. Each knows the fence tags models use for it and where
 * the implementation and its tests live.
 */
public enum Language {
    PYTHON("python", Set.of("python", "py", "python3", "py3", "pytest"), "solution.py", "test_solution.py");

    private final String wireName;
    private final Set<String> fenceTags;
    private final String codeFile;
    private final String testFile;

    Language(String wireName, Set<String> fenceTags, String codeFile, String testFile) {
        this.wireName = wireName;
        this.fenceTags = fenceTags;
        this.codeFile = codeFile;
        this.testFile = testFile;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Set<String> fenceTags() {
        return fenceTags;
    }

    public String codeFile() {
        return codeFile;
    }

    public String testFile() {
        return testFile;
    }

    /** The module the tests import the implementation from. */
    public String moduleName() {
        return codeFile.substring(0, codeFile.indexOf('.'));
    }

    public static Optional<Language> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String tag = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.wireName.equals(tag) || l.fenceTags.contains(tag)).findFirst();
    }

    public static String supported() {
        return String.join(", ", Arrays.stream(values()).map(Language::wireName).toList());
    }
}
