package io.codeagents.reviewer.service;

/** Told each time a review enters a new stage, for the progress stream of {@code POST /review}. */
@FunctionalInterface
public interface ReviewProgress {

    ReviewProgress NONE = (stage, detail) -> {
    };

    /** {@code stage}: queued, analysing, testing, critiquing; {@code detail} says it for a person. */
    void stage(String stage, String detail);
}
