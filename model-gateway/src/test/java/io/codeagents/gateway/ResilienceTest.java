package io.codeagents.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.codeagents.testkit.Behaviour;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Misbehaving backends, fallback between targets, breakers. */
@QuarkusTest
@QuarkusTestResource(ModelServers.class)
class ResilienceTest extends GatewayTestSupport {

    static final String OLLAMA = "ollama/" + ModelServers.OLLAMA_MODEL;

    @Test
    void slowFirstTokenIs504Model002() {
        misbehave(Behaviour.normal().withFirstTokenDelayMs(3000));
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(504)
                .contentType("application/problem+json").body("error_code", equalTo("MODEL_002"))
                .body("tried[0].target", equalTo(OLLAMA));
    }

    @Test
    void stalledStreamEndsWithAnErrorEventNotDone() {
        misbehave(Behaviour.normal().withStallAfterTokens(2));
        Sse sse = Sse.parse(post("/v1/chat/completions", chatBody(OLLAMA, true)).then().statusCode(200).extract()
                .asString());
        assertEquals("def add(a,", sse.text());
        assertFalse(sse.endsWithDone());
        assertEquals("MODEL_002", sse.error().getString("code"));
    }

    @Test
    void midStreamErrorLineReachesTheClient() {
        misbehave(Behaviour.normal().withErrorAfterTokens(2));
        Sse sse = Sse.parse(post("/v1/chat/completions", chatBody(OLLAMA, true)).asString());
        assertEquals("def add(a,", sse.text());
        assertFalse(sse.endsWithDone());
        assertTrue(sse.error().getString("message").contains("after 2 tokens"), sse.error().encode());
    }

    @Test
    void connectionDropMidStreamReachesTheClient() {
        misbehave(Behaviour.normal().withDropAfterTokens(2).withTokenDelayMs(20));
        Sse sse = Sse.parse(post("/v1/chat/completions", chatBody(OLLAMA, true)).asString());
        assertFalse(sse.endsWithDone());
        assertNotNull(sse.error());
    }

    @Test
    void backend429IsRetriedThenServed() {
        misbehave(Behaviour.normal().withFailStatus(429, 1));
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(200)
                .body("choices[0].message.content", equalTo(ANSWER));
        assertEquals(2, ModelServers.ollama.requests("/api/chat").size(), "one 429, one retry");
    }

    @Test
    void backendAlways429Is503Model001NamingWhatWasTried() {
        misbehave(Behaviour.normal().withFailStatus(429));
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(503)
                .body("error_code", equalTo("MODEL_001")).body("model", equalTo(OLLAMA))
                .body("tried[0].target", equalTo(OLLAMA)).header("Retry-After", notNullValue());
    }

    @Test
    void garbageBodyIs502Model005() {
        misbehave(Behaviour.normal().withGarbage(true));
        post("/v1/chat/completions", chatBody(OLLAMA, false)).then().statusCode(502)
                .body("error_code", equalTo("MODEL_005"));
    }

    @Test
    void firstTargetDownSecondServesWithoutClientVisibleError() {
        Response response = post("/v1/chat/completions", chatBody("fallback", true));
        response.then().statusCode(200).header("X-Backend", OLLAMA);
        Sse sse = Sse.parse(response.asString());
        assertEquals(ANSWER, sse.text());
        assertTrue(sse.endsWithDone());
        post("/v1/chat/completions", chatBody("fallback", false)).then().statusCode(200)
                .body("choices[0].message.content", equalTo(ANSWER));
    }

    @Test
    void allTargetsDownIs503FastOnceBreakersAreOpen() {
        for (int i = 0; i < 6; i++) {
            post("/v1/chat/completions", chatBody("all-down", false)).then().statusCode(503)
                    .body("error_code", equalTo("MODEL_001"));
        }
        long[] millis = new long[5];
        Response response = null;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            response = post("/v1/chat/completions", chatBody("all-down", false));
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        long baseline = medianMillis(() -> io.restassured.RestAssured.given().get("/health/live"));
        response.then().statusCode(503).body("error_code", equalTo("MODEL_001"))
                .body("tried.target", hasItems("down/" + ModelServers.OLLAMA_MODEL, "down2/" + ModelServers.OLLAMA_MODEL))
                .body("detail", org.hamcrest.Matchers.containsString("circuit breaker open"));
        // the median of five, beyond what a trivial round trip costs on this (shared, possibly loaded) machine
        assertTrue(millis[2] - baseline < 100, "503 took " + java.util.Arrays.toString(millis)
                + " ms with the breakers open; a health check took " + baseline + " ms");
        io.restassured.RestAssured.given().get("/v1/backends").then().statusCode(200)
                .body("backends.find { it.name == 'down' }.breaker", equalTo("open"))
                .body("backends.find { it.name == 'down' }.reachable", equalTo(false))
                .body("backends.find { it.name == 'ollama' }.reachable", equalTo(true));
        io.restassured.RestAssured.given().get("/health/ready").then().statusCode(200);
    }

    @Test
    void failureAfterTokensIsNotSilentlySwitchedToTheNextTarget() {
        ModelServers.tgi.behaviour(Behaviour.normal().withErrorAfterTokens(2));
        Sse sse = Sse.parse(post("/v1/chat/completions", chatBody("tgi-first", true)).asString());
        assertNotNull(sse.error());
        assertEquals("def add(a,", sse.text());
        assertEquals(0, ModelServers.ollama.requests().size(), "the second target must not be asked");
    }

    @Test
    void unknownModelIs404Model004() {
        post("/v1/chat/completions", chatBody("openai/no-such-model", false)).then().statusCode(404)
                .contentType("application/problem+json").body("error_code", equalTo("MODEL_004"));
    }

    @Test
    void modelNoReachableBackendListsIsTriedOnlyWhereListsAreUnknown() {
        // the reachable backends listed their models and lack it; the unreachable ones might have it
        post("/v1/chat/completions", chatBody("no-such-model:7b", false)).then().statusCode(503)
                .body("error_code", equalTo("MODEL_001"))
                .body("tried.target", org.hamcrest.Matchers.containsInAnyOrder("down/no-such-model:7b",
                        "down2/no-such-model:7b"));
    }

    @Test
    void fullBulkheadIs429Model006WithRetryAfter() throws Exception {
        // the latency delays every call to the server (probes too, so /v1/backends takes ~2 s): long enough that the
        // slot is still held when the second request comes, even on a loaded machine
        misbehave(Behaviour.normal().withLatencyMs(6000));
        String narrow = "narrow/" + ModelServers.OLLAMA_MODEL;
        java.util.concurrent.CompletableFuture<Integer> holder = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> post("/v1/chat/completions", chatBody(narrow, false)).statusCode());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(
                () -> io.restassured.RestAssured.given().get("/v1/backends").then()
                        .body("backends.find { it.name == 'narrow' }.in_flight", equalTo(1)));
        post("/v1/chat/completions", chatBody(narrow, false)).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "1")
                .body("error_code", equalTo("MODEL_006")).body("tried.target", hasItems(narrow));
        assertEquals(200, holder.get(30, java.util.concurrent.TimeUnit.SECONDS), "the generation holding the slot");
        misbehave(Behaviour.normal());
        post("/v1/chat/completions", chatBody(narrow, false)).then().statusCode(200);
    }
}
