package io.codeagents.common.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings every service shares under {@code codeagents.*}: API-key authentication, rate limiting and how much the service
 * depends on Redis. Services keep their own settings under their own prefix ({@code gateway.*}, {@code download.*}, …). Environment: {@code CODEAGENTS_AUTH_ENABLED}, {@code CODEAGENTS_AUTH_KEYS},
 * {@code CODEAGENTS_RATE_LIMIT_REQUESTS_PER_MINUTE}; the shared service key is {@code CODEAGENTS_API_KEY}.
 */
@ConfigMapping(prefix = "codeagents")
public interface CodeagentsConfig {

    /** The key services use between themselves; accepted with every scope and sent on outgoing calls. */
    Optional<String> apiKey();

    Auth auth();

    RateLimit rateLimit();

    Redis redis();

    interface Auth {
        /** On everywhere but the dev profile. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Keys as {@code name:sha256-hex:scope+scope[:requests-per-minute]}, comma separated, e.g.
         * {@code ci:5e884898…:generate+review}. Compute the hash with {@code printf %s "$KEY" | sha256sum}.
         */
        Optional<List<String>> keys();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per key per minute unless the key sets its own. */
        @WithDefault("1200")
        int requestsPerMinute();
    }

    interface Redis {
        /** True where the service cannot work without Redis: readiness then goes DOWN with it. */
        @WithDefault("false")
        boolean required();

        /** What stops working while Redis is away, shown in readiness when it is optional. */
        @WithDefault("rate limiting")
        String degradedWithout();
    }
}
