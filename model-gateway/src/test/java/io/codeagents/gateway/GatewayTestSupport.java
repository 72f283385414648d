package io.codeagents.gateway;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.BeforeEach;

import io.codeagents.testkit.Behaviour;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Resets the model servers and the breakers between tests, and builds OpenAI requests. */
abstract class GatewayTestSupport {

    static final String ANSWER = "def add(a, b):\n    return a + b\n";

    @BeforeEach
    void resetServers() {
        ModelServers.ollama.reset().answer(ANSWER);
        ModelServers.tgi.reset().answer(ANSWER);
        ModelServers.openai.reset().answer(ANSWER);
        CircuitBreakerMaintenance.get().resetAll();
    }

    static void misbehave(Behaviour behaviour) {
        ModelServers.ollama.behaviour(behaviour);
    }

    static JsonObject chatBody(String model, boolean stream) {
        JsonObject body = new JsonObject().put("messages", new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", "You write Python."))
                .add(new JsonObject().put("role", "user").put("content", "write add please")));
        if (model != null) {
            body.put("model", model);
        }
        return body.put("stream", stream);
    }

    /** The median time of five calls, in ms. */
    static long medianMillis(java.util.function.Supplier<?> call) {
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            call.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        return millis[2];
    }

    static Response post(String path, JsonObject body) {
        return given().contentType(ContentType.JSON).body(body.encode()).post(path);
    }
}
