package io.codeagents.generator.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.generator.client.ChatMessage;
import io.codeagents.generator.client.Dependency;
import io.codeagents.generator.client.DependencyFailure;
import io.codeagents.generator.client.ModelAnswer;
import io.codeagents.generator.client.ModelGatewayClient;
import io.codeagents.generator.service.CodeExtractor.Extraction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Asks the model for code and tests and extracts them from its answer. */
@ApplicationScoped
public class GenerationService {

    private final ModelGatewayClient gateway;
    private final CodeExtractor extractor;
    private final PromptBuilder prompts;
    private final Timer modelCalls;

    public GenerationService(ModelGatewayClient gateway, CodeExtractor extractor, PromptBuilder prompts,
            MeterRegistry registry) {
        this.gateway = gateway;
        this.extractor = extractor;
        this.prompts = prompts;
        this.modelCalls = Timer.builder("generator.model.calls").description("Model calls through the gateway")
                .publishPercentileHistogram().register(registry);
    }

    /** {@code POST /generate}: one attempt, its failures answered as the caller's error. */
    public GeneratedCode generate(GenerationSpec spec) {
        ModelAttempt attempt;
        try {
            attempt = ask(spec, prompts.initial(spec.taskDescription(), spec.language()));
        } catch (DependencyFailure failure) {
            ApiException error = new ApiException(failure.code(), failure.getMessage());
            throw failure.transientFailure() ? error.retryAfter(5) : error;
        }
        Extraction extraction = attempt.extraction().orElseThrow(() -> new ApiException(ErrorCode.GEN_003,
                "The model (" + attempt.answer().model() + ") answered without usable " + spec.language().wireName()
                        + " code" + (attempt.answer().truncated() ? "; its answer was cut by max_tokens" : "")));
        ModelAnswer answer = attempt.answer();
        return new GeneratedCode(extraction.code(), extraction.tests(), spec.language(), answer.model(),
                answer.promptTokens(), answer.completionTokens(), attempt.durationMs(), extraction.truncated());
    }

    /**
     * Sends one prompt and extracts code from the answer.
     *
     * @throws DependencyFailure when the gateway gives no answer
     */
    public ModelAttempt ask(GenerationSpec spec, List<ChatMessage> prompt) {
        long start = System.nanoTime();
        ModelAnswer answer = Dependency.MODEL_GATEWAY
                .call(() -> gateway.complete(spec.model(), prompt, spec.temperature(), spec.maxTokens()));
        long nanos = System.nanoTime() - start;
        modelCalls.record(java.time.Duration.ofNanos(nanos));
        Optional<Extraction> extraction = extractor.extract(answer.content(), spec.language(), answer.truncated());
        return new ModelAttempt(prompt, answer, extraction, nanos / 1_000_000);
    }
}
