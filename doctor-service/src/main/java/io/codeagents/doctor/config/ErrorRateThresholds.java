package io.codeagents.doctor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a service's 5xx answers count as a problem ({@code doctor.errors.*}). */
@ConfigMapping(prefix = "doctor.errors")
public interface ErrorRateThresholds {

    /** Share of requests answered 5xx from which a service is reported as a warning. */
    @WithDefault("0.05")
    double warningRatio();

    @WithDefault("0.25")
    double criticalRatio();

    /** Fewer requests than this in the window are too few to judge a rate from. */
    @WithDefault("20")
    long minimumRequests();

    /** "Recent" means within this window: the rate is computed against a sample of /metrics at least this old. */
    @WithDefault("5m")
    Duration window();
}
