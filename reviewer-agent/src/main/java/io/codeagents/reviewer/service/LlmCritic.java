package io.codeagents.reviewer.service;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.reviewer.client.ChatCompletion;
import io.codeagents.reviewer.client.ChatRequest;
import io.codeagents.reviewer.client.ModelGatewayClient;
import io.codeagents.reviewer.client.ModelGatewayClient.ModelGatewayUnavailable;
import io.codeagents.reviewer.config.LlmReviewConfig;
import io.codeagents.reviewer.domain.Finding;
import io.codeagents.reviewer.domain.LlmFeedback;
import io.codeagents.reviewer.domain.TestRun;

/**
 * Asks a model, through the gateway, for a short critique of the code in the light of what the analysis and the tests
 * found; the generator feeds it back into its next attempt.
 */
@ApplicationScoped
public class LlmCritic {

    static final String SYSTEM_PROMPT = "You are a senior Python reviewer. Point out bugs, unhandled edge cases and"
            + " unclear code in the submitted solution, most important first, in at most 8 short bullet points."
            + " Refer to the failing tests and findings given. Do not rewrite the whole solution.";

    private final ModelGatewayClient gateway;
    private final LlmReviewConfig config;

    public LlmCritic(ModelGatewayClient gateway, LlmReviewConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    public LlmFeedback critique(Submission submission, List<Finding> findings, TestRun tests)
            throws ModelGatewayUnavailable {
        ChatRequest request = new ChatRequest(config.model().orElse(null), List.of(
                new ChatRequest.Message("system", SYSTEM_PROMPT),
                new ChatRequest.Message("user", prompt(submission, findings, tests))), config.maxTokens(),
                config.temperature(), false);
        ChatCompletion completion = gateway.chat(request);
        String text = completion.text();
        if (text == null || text.isBlank()) {
            throw new ModelGatewayUnavailable("the model answered with no text");
        }
        return new LlmFeedback(text.strip(), completion.model());
    }

    String prompt(Submission submission, List<Finding> findings, TestRun tests) {
        StringBuilder prompt = new StringBuilder();
        if (submission.taskDescription() != null && !submission.taskDescription().isBlank()) {
            prompt.append("Task:\n").append(submission.taskDescription().strip()).append("\n\n");
        }
        prompt.append("solution.py:\n```python\n").append(cut(submission.code())).append("\n```\n\n");
        prompt.append("Tests: ").append(tests.status().wireName()).append(" — ").append(tests.reason()).append('\n');
        tests.failures().stream().limit(5)
                .forEach(f -> prompt.append("- ").append(f.test()).append(": ").append(f.message()).append('\n'));
        if (!findings.isEmpty()) {
            prompt.append("\nStatic analysis:\n").append(findings.stream().limit(15)
                    .map(f -> "- " + f.rule() + " " + f.location() + " " + f.message()).collect(Collectors.joining("\n")));
        }
        return prompt.toString();
    }

    private String cut(String code) {
        int max = config.maxPromptCodeChars();
        return code.length() <= max ? code : code.substring(0, max) + "\n# … (" + (code.length() - max) + " characters cut)";
    }

    public boolean enabled() {
        return config.enabled();
    }
}
