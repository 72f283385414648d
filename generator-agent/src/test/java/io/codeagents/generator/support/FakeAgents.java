package io.codeagents.generator.support;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts the fake gateway and reviewer on free ports and points the service at them, with short back-off and claim
 * timeouts so failure paths run in seconds, and a stream of its own so no other run's entries interfere.
 */
public class FakeAgents implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static FakeHttpAgent gateway;
    private static FakeHttpAgent reviewer;
    private static String stream;

    public static FakeHttpAgent gateway() {
        return gateway;
    }

    public static FakeHttpAgent reviewer() {
        return reviewer;
    }

    public static String stream() {
        return stream;
    }

    public static void reset() {
        gateway.reset();
        reviewer.reset();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        gateway = FakeGateway.create().start(vertx);
        reviewer = FakeReviewer.create().start(vertx);
        stream = "test-tasks-" + UUID.randomUUID();
        return Map.ofEntries(Map.entry("quarkus.rest-client.model-gateway.url", gateway.url()),
                Map.entry("quarkus.rest-client.reviewer-agent.url", reviewer.url()),
                Map.entry("generator.queue.stream", stream),
                Map.entry("generator.queue.events-channel", "test-events-" + UUID.randomUUID()),
                Map.entry("generator.queue.claim-idle-timeout", "3S"),
                Map.entry("generator.queue.claim-interval", "500MS"),
                Map.entry("generator.queue.read-block", "500MS"),
                Map.entry("generator.orchestration.backoff.initial", "50MS"),
                Map.entry("generator.orchestration.backoff.max", "200MS"),
                Map.entry("generator.orchestration.backoff.max-attempts", "3"));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
