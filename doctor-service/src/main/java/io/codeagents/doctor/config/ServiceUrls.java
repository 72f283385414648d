package io.codeagents.doctor.config;

import java.net.URI;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the other services answer ({@code doctor.services.*}); application.properties maps them to the contract's
 * {@code MODEL_GATEWAY_URL}, {@code REVIEWER_URL}, {@code DOWNLOAD_SERVICE_URL} and {@code GENERATOR_URL}.
 */
@ConfigMapping(prefix = "doctor.services")
public interface ServiceUrls {

    @WithDefault("http://localhost:8003")
    URI modelGateway();

    @WithDefault("http://localhost:9002")
    URI reviewerAgent();

    @WithDefault("http://localhost:9003")
    URI downloadService();

    @WithDefault("http://localhost:9001")
    URI generatorAgent();
}
