package io.codeagents.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Context too long" as Ollama and TGI word it becomes {@link BackendFailure.Kind#CONTEXT_TOO_LONG}, which routing
 * answers at once as 400 {@code MODEL_003} (the next target would refuse the same prompt); other errors do not.
 */
class ContextTooLongTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400|{\"error\":\"input length exceeds the context length\"}|CONTEXT_TOO_LONG",
            "500|{\"error\":\"model requires more system memory (9.1 GiB) than is available (4.0 GiB)\"}|CONTEXT_TOO_LONG",
            "500|{\"error\":\"llama runner process has terminated: exit status 2\"}|SERVER_ERROR",
            "404|{\"error\":\"model 'nope' not found, try pulling it first\"}|MODEL_NOT_FOUND",
            "400|not json at all|REJECTED"})
    void ollamaErrorBodies(int status, String body, BackendFailure.Kind kind) {
        BackendCall.ErrorBodies bodies = (BackendCall.ErrorBodies) OllamaBackend.decoder("ollama", true);
        BackendFailure failure = bodies.failure(status, body);
        assertEquals(kind, failure.kind(), failure.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "422|{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2100 "
                    + "`inputs` tokens and 20 `max_new_tokens`\",\"error_type\":\"validation\"}|CONTEXT_TOO_LONG",
            "424|{\"error\":\"Request failed during generation: Server error: CUDA out of memory\","
                    + "\"error_type\":\"generation\"}|CONTEXT_TOO_LONG",
            "422|{\"error\":\"Input validation error: `temperature` must be strictly positive\","
                    + "\"error_type\":\"validation\"}|REJECTED",
            "503|{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}|OVERLOADED"})
    void tgiErrorBodies(int status, String body, BackendFailure.Kind kind) {
        BackendCall.ErrorBodies bodies = (BackendCall.ErrorBodies) TgiBackend.decoder("tgi", 5);
        BackendFailure failure = bodies.failure(status, body);
        assertEquals(kind, failure.kind(), failure.getMessage());
    }
}
