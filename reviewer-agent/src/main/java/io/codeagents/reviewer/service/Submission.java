package io.codeagents.reviewer.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is under review, as the sandbox sees it: the code as {@code solution.py} and the tests as
 * {@code test_solution.py}, so that tests import it with {@code from solution import …}.
 */
public record Submission(String code, String tests, String language, String taskDescription, boolean runTests,
        boolean llmReview) {

    public static final String SOLUTION = "solution.py";
    public static final String TESTS = "test_solution.py";

    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SOLUTION, code);
        if (tests != null) {
            files.put(TESTS, tests);
        }
        return files;
    }

    public String codeSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
