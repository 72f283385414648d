package io.codeagents.generator.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.codeagents.common.error.ErrorCode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Reviews through the reviewer agent. A review stores a record and runs tests, so it is retried here only when the
 * connection was refused; the timeout covers a sandboxed test run ({@code GENERATOR_REVIEW_TIMEOUT_MS}).
 */
@ApplicationScoped
public class ReviewerClient {

    private final ReviewerApi api;

    public ReviewerClient(@RestClient ReviewerApi api) {
        this.api = api;
    }

    @Timeout(180_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DependencyUnreachable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5_000, successThreshold = 1, skipOn = DependencyRejected.class)
    @CircuitBreakerName("reviewer-agent")
    public ReviewResult review(ReviewRequest request) {
        ReviewResult result;
        try {
            result = api.review(request);
        } catch (ProcessingException e) {
            throw Dependency.REVIEWER.unreachable(e);
        }
        if (result == null || result.verdict() == null) {
            throw new DependencyRejected(Dependency.REVIEWER, ErrorCode.REV_001, 200,
                    "reviewer-agent answered without a verdict");
        }
        return result;
    }
}
