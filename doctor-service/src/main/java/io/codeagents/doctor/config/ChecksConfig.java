package io.codeagents.doctor.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long checks may take and when an answer counts as slow ({@code doctor.checks.*}). */
@ConfigMapping(prefix = "doctor.checks")
public interface ChecksConfig {

    /**
     * How long any one check may take before the report stops waiting for it and says so. Below two seconds so that one
     * dead dependency never pushes the whole report past the two seconds users expect.
     */
    @WithDefault("1500ms")
    Duration timeout();

    /** Per-check overrides of {@link #timeout()}, e.g. {@code doctor.checks.timeouts."deps.postgres"=500ms}. */
    Map<String, Duration> timeouts();

    /** A service answering {@code /health/ready} slower than this is reported as a warning. */
    @WithDefault("1000ms")
    Duration slowService();

    /** PostgreSQL or Redis answering slower than this is reported as a warning. */
    @WithDefault("250ms")
    Duration slowDependency();

    default Duration timeoutFor(String checkId) {
        return timeouts().getOrDefault(checkId, timeout());
    }
}
