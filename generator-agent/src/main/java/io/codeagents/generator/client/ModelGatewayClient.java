package io.codeagents.generator.client;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.codeagents.common.error.ErrorCode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Chat completions through the model gateway. Only a refused connection is retried here (the request never arrived, so
 * nothing runs twice); waiting out a longer outage is the task loop's business. The timeout is long because a local
 * model on a CPU is slow: {@code GENERATOR_MODEL_TIMEOUT_MS} overrides it.
 */
@ApplicationScoped
public class ModelGatewayClient {

    private final ModelGatewayApi api;

    public ModelGatewayClient(@RestClient ModelGatewayApi api) {
        this.api = api;
    }

    @Timeout(300_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DependencyUnreachable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5_000, successThreshold = 1, skipOn = DependencyRejected.class)
    @CircuitBreakerName("model-gateway")
    public ModelAnswer complete(String model, List<ChatMessage> messages, double temperature, int maxTokens) {
        ChatCompletion completion;
        try {
            completion = api.chatCompletion(new ChatCompletionRequest(model, messages, temperature, maxTokens, false));
        } catch (ProcessingException e) {
            throw Dependency.MODEL_GATEWAY.unreachable(e);
        }
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()
                || completion.choices().get(0).message() == null) {
            throw new DependencyRejected(Dependency.MODEL_GATEWAY, ErrorCode.MODEL_005, 200,
                    "model-gateway answered without a choice");
        }
        ChatCompletion.Choice choice = completion.choices().get(0);
        ChatCompletion.Usage usage = completion.usage();
        String content = choice.message().content() == null ? "" : choice.message().content();
        return new ModelAnswer(content, completion.model() != null ? completion.model() : model,
                usage == null || usage.promptTokens() == null ? 0 : usage.promptTokens(),
                usage == null || usage.completionTokens() == null ? 0 : usage.completionTokens(), choice.finishReason());
    }
}
