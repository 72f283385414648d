package io.codeagents.doctor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Remediations ({@code doctor.fix.*}). */
@ConfigMapping(prefix = "doctor.fix")
public interface FixConfig {

    /** How long one remediation call (e.g. POST /pulls on the download service) may take. */
    @WithDefault("10s")
    Duration callTimeout();
}
