package io.codeagents.reviewer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.codeagents.common.error.Problem;
import io.codeagents.reviewer.domain.Review;

/**
 * One event of the progress stream of {@code POST /review} ({@code Accept: text/event-stream}): stages while it
 * runs, then {@code completed} with the review or {@code failed} with the problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewEvent(String stage, String detail, Review review, Problem problem) {

    static ReviewEvent stage(String stage, String detail) {
        return new ReviewEvent(stage, detail, null, null);
    }

    static ReviewEvent completed(Review review) {
        return new ReviewEvent("completed", review.summary(), review, null);
    }

    static ReviewEvent failed(Problem problem) {
        return new ReviewEvent("failed", problem.detail(), null, problem);
    }
}
