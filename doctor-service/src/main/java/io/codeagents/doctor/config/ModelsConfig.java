package io.codeagents.doctor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The models the deployment needs ({@code doctor.models.*}). */
@ConfigMapping(prefix = "doctor.models")
public interface ModelsConfig {

    /**
     * The model the agents use ({@code GATEWAY_DEFAULT_MODEL}); the gateway's own answer in {@code /v1/backends} wins
     * when it gives one.
     */
    @WithDefault("qwen2.5-coder:1.5b")
    String defaultModel();
}
