package io.codeagents.reviewer.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.codeagents.reviewer.config.LlmReviewConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Calls the model gateway with a timeout and a circuit breaker (both from {@link LlmReviewConfig}, hence the
 * programmatic guard). The gateway's 4xx answers are not outages and do not count towards opening the breaker. Every
 * failure becomes {@link ModelGatewayUnavailable} naming what happened; the caller degrades instead of failing.
 */
@Startup // builds the guard at boot, so its breaker is known (to metrics, to maintenance) before the first call
@ApplicationScoped
public class ModelGatewayClient {

    public static final String BREAKER = "model-gateway";
    private static final Logger LOG = Logger.getLogger(ModelGatewayClient.class);

    private final ModelGatewayApi api;
    private final Guard guard;
    private final MeterRegistry registry;

    public ModelGatewayClient(@RestClient ModelGatewayApi api, LlmReviewConfig config, MeterRegistry registry) {
        this.api = api;
        this.registry = registry;
        LlmReviewConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = Guard.create().withDescription("model gateway chat completions")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name(BREAKER).requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio()).delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .when(ModelGatewayClient::isOutage).done()
                .build();
    }

    public ChatCompletion chat(ChatRequest request) throws ModelGatewayUnavailable {
        try {
            ChatCompletion completion = guard.call(() -> api.chatCompletions(request), ChatCompletion.class);
            count("ok");
            return completion;
        } catch (CircuitBreakerOpenException e) {
            count("breaker_open");
            throw new ModelGatewayUnavailable("the circuit breaker is open after repeated gateway failures");
        } catch (TimeoutException e) {
            count("timeout");
            throw new ModelGatewayUnavailable("no answer within the timeout");
        } catch (WebApplicationException e) {
            count("http_" + e.getResponse().getStatus());
            throw new ModelGatewayUnavailable("the gateway answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            count("unreachable");
            throw new ModelGatewayUnavailable("the gateway is unreachable: " + rootMessage(e));
        } catch (Exception e) {
            count("failed");
            throw new ModelGatewayUnavailable(e.getClass().getSimpleName() + ": " + rootMessage(e));
        }
    }

    /** Only what says the gateway is down or broken counts towards the breaker; a refused request does not. */
    static boolean isOutage(Throwable e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse().getStatus() >= 500;
        }
        return true;
    }

    private void count(String outcome) {
        registry.counter("reviewer_llm_calls", "outcome", outcome).increment();
        if (!"ok".equals(outcome)) {
            LOG.warnf("LLM critique unavailable: %s", outcome);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Why the gateway gave no critique. */
    public static class ModelGatewayUnavailable extends Exception {
        public ModelGatewayUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
