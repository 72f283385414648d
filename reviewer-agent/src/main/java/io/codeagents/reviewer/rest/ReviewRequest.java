package io.codeagents.reviewer.rest;

import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.NotBlank;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Violation;
import io.codeagents.reviewer.config.ReviewConfig;
import io.codeagents.reviewer.service.Submission;

/**
 * The body of {@code POST /review}. Without {@code tests} nothing can run: the review says so and cannot approve,
 * which tells a generator what to add, where a 400 would only stop it. {@code language} defaults to python, the only
 * language reviewed so far.
 */
public record ReviewRequest(@NotBlank String code, String tests, String language, String taskDescription, Boolean runTests,
        Boolean llmReview) {

    static final String PYTHON = "python";

    /** The submission, or a 400 naming the field that is wrong. */
    Submission toSubmission(ReviewConfig limits) {
        String lang = language == null || language.isBlank() ? PYTHON : language.strip().toLowerCase(Locale.ROOT);
        if (!PYTHON.equals(lang)) {
            throw invalid("language", "'" + language + "' is not supported (supported: python)");
        }
        boolean run = runTests == null || runTests;
        checkLength("code", code, limits.maxCodeChars());
        checkLength("tests", tests, limits.maxTestsChars());
        checkLength("task_description", taskDescription, limits.maxTaskDescriptionChars());
        for (String[] field : new String[][]{{"code", code}, {"tests", tests}}) {
            if (field[1] != null && field[1].indexOf('\0') >= 0) {
                throw new ApiException(ErrorCode.REV_002, "Invalid code: '" + field[0] + "' contains NUL characters", null,
                        List.of(new Violation(field[0], "contains NUL characters")));
            }
        }
        return new Submission(code, tests == null || tests.isBlank() ? null : tests, lang, taskDescription, run,
                llmReview == null || llmReview);
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field, "is longer than " + max + " characters (" + value.length() + ")");
        }
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VAL_001, "Invalid field '" + field + "': " + message, null,
                List.of(new Violation(field, message)));
    }
}
