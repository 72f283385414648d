package io.codeagents.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/** Cache, /chat, model and backend listings, usage accounting, metrics. */
@QuarkusTest
@QuarkusTestResource(ModelServers.class)
class GatewayApiTest extends GatewayTestSupport {

    static final String OLLAMA = "ollama/" + ModelServers.OLLAMA_MODEL;

    @Test
    void repeatedDeterministicRequestIsACacheHit() {
        given().delete("/v1/cache").then().statusCode(200);
        JsonObject body = chatBody(OLLAMA, false).put("temperature", 0).put("seed", 7);
        post("/v1/chat/completions", body).then().statusCode(200).header("X-Cache", "MISS");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).untilAsserted(
                () -> post("/v1/chat/completions", body).then().statusCode(200).header("X-Cache", "HIT")
                        .body("choices[0].message.content", equalTo(ANSWER))
                        .body("usage.completion_tokens", equalTo(7)));
        int asked = ModelServers.ollama.requests("/api/chat").size();
        Sse sse = Sse.parse(post("/v1/chat/completions", body.copy().put("stream", true)).then().header("X-Cache",
                "HIT").extract().asString());
        assertEquals(ANSWER, sse.text());
        given().header("Cache-Control", "no-cache").contentType(ContentType.JSON).body(body.encode())
                .post("/v1/chat/completions").then().statusCode(200).header("X-Cache", "BYPASS");
        assertEquals(asked + 1, ModelServers.ollama.requests("/api/chat").size(), "only the bypass reached Ollama");
        given().delete("/v1/cache").then().statusCode(200).body("deleted", greaterThanOrEqualTo(1));
    }

    @Test
    void quickChatForScripts() {
        given().contentType(ContentType.JSON).body("{\"message\":\"write add\"}").post("/chat").then().statusCode(200)
                .body("response", equalTo(ANSWER)).body("model", equalTo(ModelServers.OLLAMA_MODEL));
        given().contentType(ContentType.JSON).body("{}").post("/chat").then().statusCode(400)
                .body("error_code", equalTo("VAL_003"));
    }

    @Test
    void defaultModelIsUsedWhenNoneIsNamed() {
        post("/v1/chat/completions", chatBody(null, false)).then().statusCode(200)
                .body("model", equalTo(ModelServers.OLLAMA_MODEL)).header("X-Backend", OLLAMA);
    }

    @Test
    void modelsAndBackendsAreListed() {
        given().get("/v1/models").then().statusCode(200).body("object", equalTo("list"))
                .body("data.id", hasItems(ModelServers.OLLAMA_MODEL, ModelServers.TGI_MODEL, ModelServers.OPENAI_MODEL,
                        "fallback"))
                .body("data.find { it.id == 'bigcode/starcoder' }.owned_by", equalTo("tgi"));
        given().get("/v1/backends").then().statusCode(200)
                .body("default_model", equalTo(ModelServers.OLLAMA_MODEL))
                .body("backends.name", hasItems("ollama", "tgi", "openai", "down"))
                .body("backends.find { it.name == 'tgi' }.reachable", equalTo(true))
                .body("backends.find { it.name == 'tgi' }.breaker", equalTo("closed"))
                .body("backends.find { it.name == 'ollama' }.models", hasItem(ModelServers.OLLAMA_MODEL));
    }

    @Test
    void invalidParametersAreProblems() {
        post("/v1/chat/completions", chatBody(OLLAMA, false).put("temperature", 5)).then().statusCode(400)
                .body("error_code", equalTo("VAL_001")).body("violations.field", hasItem("temperature"));
        post("/v1/chat/completions", chatBody(OLLAMA, false).put("stop", 12)).then().statusCode(400)
                .body("error_code", equalTo("VAL_002"));
    }

    @Test
    void usageIsAccountedPerModelAndBackend() {
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(200);
        given().get("/v1/usage?days=1").then().statusCode(200).body("days", equalTo(1))
                .body("usage.find { it.model == '" + OLLAMA + "' && it.backend == '" + OLLAMA + "' }.requests",
                        greaterThanOrEqualTo(1))
                .body("usage.find { it.model == '" + OLLAMA + "' && it.backend == '" + OLLAMA
                        + "' }.completion_tokens", greaterThanOrEqualTo(7));
        given().get("/v1/usage?days=0").then().statusCode(400);
    }

    @Test
    void metricsNameModelsAndBackends() {
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(200);
        String metrics = given().get("/metrics").asString();
        for (String name : new String[]{"gateway_requests_total", "gateway_time_to_first_token_seconds",
                "gateway_tokens_total", "gateway_cache_requests_total", "gateway_backend_breaker_state"}) {
            org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(name), name + " missing");
        }
    }
}
