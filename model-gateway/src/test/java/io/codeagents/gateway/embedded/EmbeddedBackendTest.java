package io.codeagents.gateway.embedded;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.codeagents.gateway.ModelServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The embedded backend end to end over HTTP, with tiny GGUF models llama.cpp really loads and runs. Requests carry
 * {@code Cache-Control: no-cache} so that every one reaches the model. The model's output is random bytes; the
 * assertions hold for any output (determinism comes from temperature 0 and a seed).
 */
@QuarkusTest
@QuarkusTestResource(ModelServers.class)
@QuarkusTestResource(EmbeddedModels.class)
class EmbeddedBackendTest {

    @TestHTTPResource("/")
    URL base;

    private static Response post(String path, JsonObject body) {
        return given().header("Cache-Control", "no-cache").contentType(ContentType.JSON).body(body.encode()).post(path);
    }

    private static JsonObject chat(String model, String content) {
        return new JsonObject().put("model", model).put("messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", content)));
    }

    /** OpenAI's logit_bias banning the tiny model's end-of-sequence token (id 2): it then stops only at the limit. */
    private static JsonObject noEos() {
        return new JsonObject().put("2", -100);
    }

    private static String text(Response whole) {
        return whole.jsonPath().getString("choices[0].message.content");
    }

    @Test
    void generatesExactlyTheTokensAskedForAndCountsThem() {
        JsonObject body = new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "def").put("max_tokens", 12)
                .put("temperature", 0).put("seed", 1).put("logit_bias", noEos());
        post("/v1/completions", body).then().statusCode(200).header("X-Backend", "embedded/" + EmbeddedModels.TINY)
                .body("object", equalTo("text_completion")).body("choices[0].finish_reason", equalTo("length"))
                // BOS, then '▁' and the byte tokens of d, e, f (the vocabulary has no piece for them)
                .body("usage.prompt_tokens", equalTo(5)).body("usage.completion_tokens", equalTo(12))
                .body("usage.total_tokens", equalTo(17));
    }

    @Test
    void streamedAnswerEqualsTheWholeOne() throws Exception {
        JsonObject body = chat(EmbeddedModels.TINY, "write add").put("max_tokens", 16).put("temperature", 0)
                .put("seed", 3).put("logit_bias", noEos());
        Response whole = post("/v1/chat/completions", body);
        whole.then().statusCode(200).body("usage.completion_tokens", equalTo(16));
        Response streamed = post("/v1/chat/completions", body.copy().put("stream", true));
        streamed.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .header("X-Backend", "embedded/" + EmbeddedModels.TINY);
        String sse = streamed.asString();
        assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
        StringBuilder text = new StringBuilder();
        JsonObject usage = null;
        int contentEvents = 0;
        for (String event : sse.split("\n\n")) {
            String data = event.substring("data: ".length());
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonObject chunk = new JsonObject(data);
            String piece = chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content");
            if (piece != null && !piece.isEmpty()) {
                text.append(piece);
                contentEvents++;
            }
            usage = chunk.getJsonObject("usage", usage);
        }
        assertEquals(text(whole), text.toString());
        assertTrue(contentEvents > 1, "tokens arrive as they are generated, not in one event: " + contentEvents);
        assertEquals(16, usage.getInteger("completion_tokens"));
        assertEquals(whole.jsonPath().getInt("usage.prompt_tokens"), usage.getInteger("prompt_tokens"));
    }

    @Test
    void stopSequenceEndsTheAnswerBeforeIt() {
        JsonObject body = chat(EmbeddedModels.TINY, "write fizzbuzz").put("max_tokens", 150).put("temperature", 0)
                .put("seed", 5).put("logit_bias", noEos());
        String full = text(post("/v1/chat/completions", body));
        // a printable ASCII character after the start (llama.cpp matches stop strings on bytes), two if there are
        String stop = null;
        for (int length = 2; length >= 1 && stop == null; length--) {
            for (int i = 2; i + length <= full.length() && stop == null; i++) {
                String candidate = full.substring(i, i + length);
                if (candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    stop = candidate;
                }
            }
        }
        assertNotEquals(null, stop, "nothing printable in " + full);
        Response stopped = post("/v1/chat/completions", body.copy().put("stop", new JsonArray().add(stop)));
        stopped.then().statusCode(200).body("choices[0].finish_reason", equalTo("stop"));
        String expected = full.substring(0, full.indexOf(stop));
        String answer = text(stopped);
        assertFalse(answer.contains(stop), answer);
        // invalid bytes decode to U+FFFD; where a held-back piece joins the next one they may decode differently
        assertEquals(expected.replace("\uFFFD", ""), answer.replace("\uFFFD", ""));
        assertTrue(stopped.jsonPath().getInt("usage.completion_tokens") < 150);
    }

    @Test
    void secondConcurrentRequestWaitsAndOnePastTheQueueIs429() throws Exception {
        // warm the model so that the first request is generating, not loading, when the others arrive
        post("/v1/completions", new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "a")
                .put("max_tokens", 1)).then().statusCode(200);
        HttpClient client = HttpClient.newHttpClient();
        JsonObject longOne = new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "def").put("stream", true)
                .put("max_tokens", 3800).put("temperature", 1.0).put("logit_bias", noEos());
        HttpResponse<InputStream> first = client.send(HttpRequest.newBuilder(URI.create(base + "v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(longOne.encode()))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        BufferedReader firstBody = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
        assertTrue(firstBody.readLine().startsWith("data: "), "the first request is generating");

        CompletableFuture<Response> queued = CompletableFuture.supplyAsync(() -> post("/v1/completions",
                new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "b").put("max_tokens", 4).put("logit_bias",
                        noEos())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v1/backends").then()
                .body("backends.find { it.name == 'embedded' }.queued", equalTo(1))
                .body("backends.find { it.name == 'embedded' }.in_flight", equalTo(1)));

        post("/v1/completions", new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "c")
                .put("max_tokens", 4)).then().statusCode(429).contentType("application/problem+json")
                .body("error_code", equalTo("MODEL_006")).header("Retry-After", notNullValue())
                .body("detail", containsString("busy"));
        assertFalse(queued.isDone(), "the queued request waits for the running one");

        // the client of the first request goes away: its generation stops and the queued one is served
        first.body().close();
        queued.get(60, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(200)
                .header("X-Backend", "embedded/" + EmbeddedModels.TINY).body("usage.completion_tokens", equalTo(4));
    }

    @Test
    void idleModelIsUnloadedAndLoadedAgainOnTheNextRequest() {
        post("/v1/chat/completions", chat(EmbeddedModels.TINY, "hi").put("max_tokens", 2)).then().statusCode(200);
        given().get("/v1/backends").then().body("backends.find { it.name == 'embedded' }.state.loaded.name",
                equalTo(EmbeddedModels.TINY));
        double loadsBefore = metric("gateway_embedded_loads_total{backend=\"embedded\",outcome=\"ok\"}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/backends").then()
                .body("backends.find { it.name == 'embedded' }.state.loaded", nullValue()));
        assertTrue(metric("gateway_embedded_unloads_total{backend=\"embedded\",reason=\"idle\"}") >= 1);
        post("/v1/chat/completions", chat(EmbeddedModels.TINY, "hi again").put("max_tokens", 2).put("logit_bias", noEos()))
                .then()
                .statusCode(200).body("usage.completion_tokens", equalTo(2));
        assertEquals(loadsBefore + 1, metric("gateway_embedded_loads_total{backend=\"embedded\",outcome=\"ok\"}"));
    }

    @Test
    void damagedModelsAreClearErrorsNotRetriedAndTheServiceStaysHealthy() {
        post("/v1/chat/completions", chat(EmbeddedModels.NOT_GGUF, "hi")).then().statusCode(503)
                .contentType("application/problem+json").body("error_code", equalTo("MODEL_001"))
                .body("detail", containsString("not a GGUF file"))
                .body("tried[0].target", equalTo("embedded/" + EmbeddedModels.NOT_GGUF));
        post("/v1/chat/completions", chat(EmbeddedModels.TRUNCATED, "hi")).then().statusCode(503)
                .body("error_code", equalTo("MODEL_001")).body("detail", containsString("truncated"));
        // passes the header check, fails in llama.cpp: its own reason is reported
        post("/v1/chat/completions", chat(EmbeddedModels.ALIEN, "hi")).then().statusCode(503)
                .body("error_code", equalTo("MODEL_001"))
                .body("detail", containsString("unknown model architecture: 'alien'"));
        double failed = metric("gateway_embedded_loads_total{backend=\"embedded\",outcome=\"failed\"}");
        post("/v1/chat/completions", chat(EmbeddedModels.ALIEN, "hi")).then().statusCode(503)
                .body("detail", containsString("not retried until the file changes"));
        assertEquals(failed, metric("gateway_embedded_loads_total{backend=\"embedded\",outcome=\"failed\"}"),
                "a model that failed to load is not loaded again right away");
        given().get("/v1/backends").then().statusCode(200)
                .body("backends.find { it.name == 'embedded' }.reachable", equalTo(true))
                .body("backends.find { it.name == 'embedded' }.error", containsString("alien"));
        given().get("/health/ready").then().statusCode(200);
        post("/v1/chat/completions", chat(EmbeddedModels.TINY, "still there?").put("max_tokens", 3).put("logit_bias", noEos()))
                .then()
                .statusCode(200).body("usage.completion_tokens", equalTo(3));
    }

    @Test
    void logitBiasMustMapTokenIdsToABias() {
        post("/v1/completions", new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "a")
                .put("logit_bias", new JsonObject().put("eos", -100))).then().statusCode(400)
                .body("error_code", equalTo("VAL_002")).body("violations.field", hasItem("logit_bias"));
        post("/v1/completions", new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "a")
                .put("logit_bias", new JsonObject().put("2", -500))).then().statusCode(400)
                .body("error_code", equalTo("VAL_002"));
    }

    @Test
    void modelMissingFromTheStoreIs404() {
        post("/v1/chat/completions", chat("embedded/absent:7b", "hi")).then().statusCode(404)
                .contentType("application/problem+json").body("error_code", equalTo("MODEL_004"))
                .body("detail", containsString("no complete model 'absent:7b'"));
    }

    @Test
    void contextThatCannotFitInMemoryIs422BeforeLoading() {
        post("/v1/chat/completions", chat(EmbeddedModels.TINY, "hi").put("num_ctx", 1_000_000_000)).then()
                .statusCode(422).body("error_code", equalTo("MODEL_003"))
                .body("detail", containsString("needs about")).body("detail", containsString("available"));
    }

    @Test
    void promptTooLongForTheContextIs422() {
        post("/v1/completions", new JsonObject().put("model", EmbeddedModels.TINY).put("prompt", "x".repeat(300))
                .put("num_ctx", 64)).then().statusCode(422).body("error_code", equalTo("MODEL_003"))
                .body("detail", containsString("its context 64 tokens"));
    }

    @Test
    void chatTemplatesComeFromTheManifestOrTheModel() {
        post("/v1/chat/completions", chat(EmbeddedModels.TINY_CHAT, "hi").put("max_tokens", 4)).then()
                .statusCode(200).header("X-Backend", "embedded/" + EmbeddedModels.TINY_CHAT);
        given().get("/v1/backends").then().body("backends.find { it.name == 'embedded' }.state.loaded.prompt_formats",
                hasItem("manifest_template"));
        post("/v1/chat/completions", chat(EmbeddedModels.TINY_OWN_TEMPLATE, "hi").put("max_tokens", 4)).then()
                .statusCode(200);
        given().get("/v1/backends").then().body("backends.find { it.name == 'embedded' }.state.loaded.name",
                equalTo(EmbeddedModels.TINY_OWN_TEMPLATE))
                .body("backends.find { it.name == 'embedded' }.state.loaded.prompt_formats", hasItem("model_template"));
    }

    @Test
    void storeModelsAreListed() {
        given().get("/v1/models").then().statusCode(200)
                .body("data.findAll { it.owned_by == 'embedded' }.id", hasItems(EmbeddedModels.TINY,
                        EmbeddedModels.TINY_CHAT, EmbeddedModels.TINY_OWN_TEMPLATE));
        given().get("/v1/backends").then().statusCode(200)
                .body("backends.find { it.name == 'embedded' }.type", equalTo("embedded"))
                .body("backends.find { it.name == 'embedded' }.reachable", equalTo(true))
                .body("backends.find { it.name == 'embedded' }.url", containsString(EmbeddedModels.dir.toString()))
                .body("backends.find { it.name == 'embedded' }.models", hasItem(EmbeddedModels.TINY))
                .body("backends.find { it.name == 'embedded' }.state.memory_available_bytes", notNullValue());
    }

    private static double metric(String series) {
        for (String line : given().get("/metrics").asString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
