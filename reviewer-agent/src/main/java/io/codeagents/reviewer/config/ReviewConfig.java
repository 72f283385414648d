package io.codeagents.reviewer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a review accepts and how its static analysis judges. Environment: {@code REVIEWER_REVIEW_MAX_CODE_CHARS}, … */
@ConfigMapping(prefix = "reviewer.review")
public interface ReviewConfig {

    /** Longest code accepted (characters); longer is 400 {@code VAL_001}. */
    @WithDefault("100000")
    int maxCodeChars();

    /** Longest tests accepted (characters). */
    @WithDefault("100000")
    int maxTestsChars();

    @WithDefault("20000")
    int maxTaskDescriptionChars();

    /** Cyclomatic complexity above which a function gets {@code C901}. */
    @WithDefault("10")
    int complexityLimit();
}
