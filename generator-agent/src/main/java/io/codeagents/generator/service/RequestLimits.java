package io.codeagents.generator.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.error.Violation;
import io.codeagents.generator.config.GenerationConfig;
import io.codeagents.generator.config.OrchestrationConfig;

/**
 * Checks what callers send against the configured bounds, with errors that say what is allowed: an empty or oversized
 * description is an invalid prompt (GEN_002), any other out-of-range value a validation failure (VAL_001).
 */
@ApplicationScoped
public class RequestLimits {

    private static final int MAX_MODEL_NAME = 256;

    private final GenerationConfig generation;
    private final OrchestrationConfig orchestration;

    public RequestLimits(GenerationConfig generation, OrchestrationConfig orchestration) {
        this.generation = generation;
        this.orchestration = orchestration;
    }

    public GenerationSpec spec(String taskDescription, String language, String model, Double temperature,
            Integer maxTokens) {
        return new GenerationSpec(description(taskDescription), language(language), model(model),
                temperature(temperature), maxTokens(maxTokens));
    }

    public int maxIterations(Integer requested) {
        if (requested == null) {
            return orchestration.defaultMaxIterations();
        }
        int limit = orchestration.maxIterationsLimit();
        if (requested < 1 || requested > limit) {
            throw invalid("max_iterations", "must be between 1 and " + limit + ", was " + requested);
        }
        return requested;
    }

    String description(String description) {
        if (description == null || description.isBlank()) {
            throw new ApiException(ErrorCode.GEN_002, "task_description is empty: describe what the code should do", null,
                    List.of(new Violation("task_description", "must not be blank")));
        }
        int limit = generation.maxDescriptionChars();
        if (description.length() > limit) {
            throw new ApiException(ErrorCode.GEN_002, "task_description has " + description.length()
                    + " characters; at most " + limit + " are accepted", null,
                    List.of(new Violation("task_description", "must be at most " + limit + " characters")));
        }
        return description;
    }

    Language language(String language) {
        if (language == null) {
            return Language.PYTHON;
        }
        return Language.parse(language).orElseThrow(() -> invalid("language",
                "'" + abbreviated(language) + "' is not supported; supported: " + Language.supported()));
    }

    String model(String model) {
        if (model == null || model.isBlank()) {
            return generation.defaultModel();
        }
        if (model.length() > MAX_MODEL_NAME || model.chars().anyMatch(Character::isISOControl)) {
            throw invalid("model", "must be a model name of at most " + MAX_MODEL_NAME + " printable characters");
        }
        return model.strip();
    }

    double temperature(Double temperature) {
        if (temperature == null) {
            return generation.temperature();
        }
        if (temperature.isNaN() || temperature < 0 || temperature > 2) {
            throw invalid("temperature", "must be between 0 and 2, was " + temperature);
        }
        return temperature;
    }

    int maxTokens(Integer maxTokens) {
        if (maxTokens == null) {
            return generation.maxTokens();
        }
        int limit = generation.maxTokensLimit();
        if (maxTokens < 1 || maxTokens > limit) {
            throw invalid("max_tokens", "must be between 1 and " + limit + ", was " + maxTokens);
        }
        return maxTokens;
    }

    /** VAL_001 naming the field, for any value outside what the API accepts. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VAL_001, field + " " + message, null, List.of(new Violation(field, message)));
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
