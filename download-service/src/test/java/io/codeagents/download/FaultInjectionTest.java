package io.codeagents.download;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.download.testing.FastPulls;
import io.codeagents.download.testing.FaultRegistry;
import io.codeagents.download.testing.FaultRegistry.Faults;
import io.codeagents.download.testing.Pulls;
import io.codeagents.download.testing.Registries;
import io.codeagents.download.testing.TestModel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Pulls against a registry that misbehaves on purpose. Parts are 1 MiB, 4 in parallel, checkpointed every 256 KiB
 * ({@link FastPulls}), so every model here has several parts.
 */
@QuarkusTest
@TestProfile(FastPulls.class)
class FaultInjectionTest {

    private static final int MIB = 1024 * 1024;

    @TestHTTPResource("/")
    URI service;

    private static TestModel serve(String name, int weights, Faults faults) {
        TestModel model = TestModel.of(name, weights);
        Registries.faults().add(model, faults);
        return model;
    }

    @Test
    void connectionDroppedEveryFewHundredKiBStillCompletesWithoutRefetching() throws Exception {
        TestModel model = serve("drops", 6 * MIB, Faults.none().withDrops(700_000));
        Pulls.start(model.reference(), 202);
        JsonPath done = Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertTrue(done.getInt("retries") >= 6, "retries " + done.getInt("retries"));
        // each drop loses nothing already received: the bytes fetched are the weights' size
        assertEquals(model.weights().length, Registries.faults().bytesServed(model.modelDigest()));
        assertTrue(Pulls.logTypes(model.reference()).contains("retry"));
    }

    @Test
    void smallLayersArriveWhileTheWeightsStillStream() throws Exception {
        // 4 parts of 1 MiB at 512 KiB/s each: the weights take about 2 s; config, template, params and license are
        // fetched beside them, not one after the other once the weights are done
        TestModel model = serve("beside", 4 * MIB, Faults.none().withRate(512 * 1024));
        // the small layers not in the store yet (the params are the same for every test model)
        List<String> small = model.blobs().keySet().stream()
                .filter(d -> !d.equals(model.modelDigest()) && !Files.exists(Pulls.blob(d))).toList();
        assertTrue(small.size() >= 3, "config, template and license are this model's own");
        Pulls.start(model.reference(), 202);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!small.stream().allMatch(d -> Registries.faults().bytesServed(d) == model.blobs().get(d).length)) {
            assertTrue(System.nanoTime() < deadline, "the small layers were not served within 20 s");
            Thread.sleep(10);
        }
        long weights = Registries.faults().bytesServed(model.modelDigest());
        assertTrue(weights < model.weights().length, "the small layers came after the weights (" + weights + " bytes)");
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
    }

    @Test
    void stalledPartIsRestartedFromWhereItStopped() throws Exception {
        TestModel model = serve("stall", 4 * MIB, Faults.none().withStall());
        Pulls.start(model.reference(), 202);
        JsonPath done = Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertTrue(done.getInt("retries") >= 1);
        assertTrue(Pulls.log(model.reference()).stream()
                .anyMatch(e -> String.valueOf(e.get("message")).contains("no byte for 2 s")), "log mentions the stall");
        assertEquals(model.weights().length, Registries.faults().bytesServed(model.modelDigest()));
    }

    @Test
    void corruptedByteIsDetectedAndOnlyThatBlobFetchedAgain() throws Exception {
        TestModel model = serve("corrupt-once", 3 * MIB, Faults.none().withCorruption(1));
        Pulls.start(model.reference(), 202);
        JsonPath done = Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertEquals(1, done.getInt("verification_failures"));
        assertTrue(Pulls.logTypes(model.reference()).contains("verification_failed"));
        // the corrupt blob twice, nothing else again
        assertEquals(2L * model.weights().length, Registries.faults().bytesServed(model.modelDigest()));
    }

    @Test
    void blobThatNeverMatchesIsNeverPromoted() throws Exception {
        TestModel model = serve("corrupt-always", 2 * MIB, Faults.none().withCorruption(1000));
        Pulls.start(model.reference(), 202);
        JsonPath failed = Pulls.await(model.reference(), "error", Duration.ofSeconds(60));
        assertEquals("DL_002", failed.getString("error.code"));
        assertFalse(Files.exists(Pulls.blob(model.modelDigest())), "a corrupt blob got its final name");
        assertFalse(Files.exists(Pulls.manifest(model)), "a manifest was written for a corrupt model");
        given().get("/models").then().body("models.model", org.hamcrest.Matchers.not(hasItem(model.reference())));
    }

    @Test
    void registryIgnoringRangeIsHandledInOneStream() throws Exception {
        TestModel model = serve("no-range", 5 * MIB, Faults.none().withoutRange());
        Pulls.start(model.reference(), 202);
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertTrue(Pulls.logTypes(model.reference()).contains("range_ignored"));
        // at most the 4 parallel first answers (cut short) plus one whole stream; never one whole blob per part
        assertTrue(Registries.faults().bytesServed(model.modelDigest()) <= 5L * model.weights().length,
                "served " + Registries.faults().bytesServed(model.modelDigest()));
    }

    @Test
    void blobsRedirectedToACdnAreFetchedFromIt() throws Exception {
        long cdnBefore = Registries.faults().cdnBytes();
        TestModel model = serve("cdn", 3 * MIB, Faults.none().withRedirect());
        Pulls.start(model.reference(), 202);
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertTrue(Registries.faults().cdnBytes() - cdnBefore >= model.weights().length);
    }

    @Test
    void aRegistryWantingBearerTokensGetsThemButItsCdnNever() throws Exception {
        TestModel model = serve("tokens", 3 * MIB, Faults.none().withRedirect());
        Registries.faults().requireToken(model.repository(), false);
        Pulls.start(model.reference(), 202);
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        String scope = "repository:" + model.repository() + ":pull";
        List<FaultRegistry.TokenRequest> asked = Registries.faults().tokenRequests(scope);
        assertFalse(asked.isEmpty(), "no token was asked for");
        String basic = FastPulls.basic(FastPulls.USERNAME, FastPulls.PASSWORD);
        for (FaultRegistry.TokenRequest request : asked) {
            assertEquals("fault-registry", request.service());
            assertEquals(basic, request.authorization(), "the configured credentials go to the token service");
        }
        // tokens are kept per repository: one for the manifest, not one per part
        assertTrue(asked.size() <= 2, "token requests: " + asked.size());
        assertEquals(List.of(), Registries.faults().cdnAuthorizations(), "the registry's token must not reach the CDN");
    }

    @Test
    void aTokenExpiringMidPullIsRenewedOnceForAllThePartsThatMeetIt() throws Exception {
        // 8 parts of 1 MiB at 512 KiB/s per connection, 4 at a time: the token expires while the first four are in
        // flight (each about 2 s), before the other four are asked for
        TestModel model = serve("token-expiry", 8 * MIB, Faults.none().withRate(MIB / 2));
        Registries.faults().requireToken(model.repository(), false);
        String scope = "repository:" + model.repository() + ":pull";
        Pulls.start(model.reference(), 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> Registries.faults().requests(model.modelDigest()) >= 4);
        int before = Registries.faults().tokenRequests(scope).size();
        Registries.faults().expireTokens();
        JsonPath done = Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        int after = Registries.faults().tokenRequests(scope).size();
        assertEquals(1, after - before, "one renewal for every part that met the expired token");
        assertEquals(0, done.getInt("retries"), "a renewed token is not a failed attempt");
    }

    @Test
    void aTokenServiceRefusingTheCredentialsIsDl004NamingTheSettings() {
        TestModel model = serve("no-token", 1 * MIB, Faults.none());
        Registries.faults().requireToken(model.repository(), true);
        Pulls.start(model.reference(), 202);
        JsonPath failed = Pulls.await(model.reference(), "error", Duration.ofSeconds(30));
        assertEquals("DL_004", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains("download.registry.username"),
                failed.getString("error.message"));
    }

    @Test
    void aRegistryWantingBasicCredentialsGetsThemButItsCdnNever() throws Exception {
        TestModel model = serve("basic", 3 * MIB, Faults.none().withRedirect());
        Registries.faults().requireBasic(model.repository(), FastPulls.USERNAME, FastPulls.PASSWORD);
        Pulls.start(model.reference(), 202);
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        assertEquals(List.of(), Registries.faults().cdnAuthorizations(), "the credentials must not reach the CDN");
    }

    @Test
    void basicCredentialsRefusedAreDl004NamingTheSettings() {
        TestModel model = serve("basic-refused", 1 * MIB, Faults.none());
        Registries.faults().requireBasic(model.repository(), FastPulls.USERNAME, "another password");
        Pulls.start(model.reference(), 202);
        JsonPath failed = Pulls.await(model.reference(), "error", Duration.ofSeconds(30));
        assertEquals("DL_004", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains("HTTP 401")
                && failed.getString("error.message").contains("download.registry.password"),
                failed.getString("error.message"));
    }

    @Test
    void unknownModelIsDl001() {
        Pulls.start("library/missing:13b", 202);
        JsonPath failed = Pulls.await("missing:13b", "error", Duration.ofSeconds(30));
        assertEquals("DL_001", failed.getString("error.code"));
    }

    @Test
    void cancelKeepsPartialDataAndPostResumesFromIt() throws Exception {
        TestModel model = serve("cancel-me", 8 * MIB, Faults.none().withRate(256 * 1024));
        Pulls.start(model.reference(), 202);
        Pulls.awaitUntil(model.reference(), p -> p.getLong("bytes_done") >= 2 * MIB, Duration.ofSeconds(30));
        JsonPath cancelled = given().delete("/pulls/" + model.reference()).then().statusCode(200).extract().jsonPath();
        assertEquals("cancelled", cancelled.getString("state"));
        Thread.sleep(500);
        assertTrue(Files.size(Pulls.partial(model.modelDigest())) > 0, "partial data kept");
        given().delete("/pulls/" + model.reference()).then().statusCode(200).body("state", equalTo("cancelled"));

        JsonPath resumed = Pulls.start(model.reference(), 202);
        assertEquals(1, resumed.getInt("resumes"));
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        Pulls.assertStored(model);
        // a resume loses at most the unsaved tail of each part in flight (4 parts, 256 KiB checkpoints, 1 MiB buffers)
        long overhead = Registries.faults().bytesServed(model) - model.totalSize();
        assertTrue(overhead <= 4L * MIB, "refetched " + overhead + " bytes");
        given().delete("/pulls/" + model.reference()).then().statusCode(409).body("error_code", equalTo("DL_005"));
    }

    @Test
    void resetDiscardsPartialDataAndTheNextPullStartsOver() throws Exception {
        TestModel model = serve("reset-me", 8 * MIB, Faults.none().withRate(256 * 1024));
        Pulls.start(model.reference(), 202);
        Pulls.awaitUntil(model.reference(), p -> p.getLong("bytes_done") >= MIB, Duration.ofSeconds(30));
        JsonPath reset = given().post("/pulls/" + model.reference() + "/reset").then().statusCode(200).extract()
                .jsonPath();
        assertEquals("reset", reset.getString("state"));
        assertEquals(0, reset.getLong("bytes_done"));
        assertFalse(Files.exists(Pulls.partial(model.modelDigest())), "partial data discarded");
        given().get("/store").then().statusCode(200).body("partial_files.path",
                org.hamcrest.Matchers.not(hasItem(Pulls.partial(model.modelDigest()).toString())));
        assertTrue(Pulls.logTypes(model.reference()).contains("reset"));
    }

    @Test
    void sseShowsProgressUntilTheFinalState() throws Exception {
        TestModel model = serve("watch-me", 6 * MIB, Faults.none().withRate(512 * 1024));
        Pulls.start(model.reference(), 202);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(
                service.resolve("/pulls/" + model.reference() + "/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        ObjectMapper json = new ObjectMapper();
        CompletableFuture<List<JsonNode>> events = CompletableFuture.supplyAsync(() -> {
            List<JsonNode> received = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        received.add(json.readTree(line.substring(5)));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return received;
        });
        List<JsonNode> received = events.get(60, TimeUnit.SECONDS);
        assertEquals("snapshot", received.get(0).get("event").asText());
        assertEquals("completed", received.get(received.size() - 1).get("pull").get("state").asText());
        List<Long> done = received.stream().filter(e -> "progress".equals(e.get("event").asText()))
                .map(e -> e.get("pull").get("bytes_done").asLong()).toList();
        assertTrue(done.size() >= 3, "progress events: " + done);
        for (int i = 1; i < done.size(); i++) {
            assertTrue(done.get(i) >= done.get(i - 1), "progress went back: " + done);
        }
        assertTrue(received.stream().anyMatch(e -> e.get("pull").get("speed_bytes_per_second").asLong() > 0));
    }

    @Test
    void orphanPartialFilesAreReportedAndCleaned() throws Exception {
        Path orphan = Registries.modelsDir().resolve("partial").resolve("sha256-" + "ab".repeat(32) + "-partial");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[12345]);
        given().get("/store").then().statusCode(200)
                .body("models_dir", equalTo(Registries.modelsDir().toString()))
                .body("partial_files.find { it.path == '" + orphan + "' }.orphan", equalTo(true))
                .body("partial_files.find { it.path == '" + orphan + "' }.size", equalTo(12345));
        given().post("/store/clean-orphans").then().statusCode(200).body("removed", hasItem(orphan.toString()));
        assertFalse(Files.exists(orphan));
    }

    @Test
    void metricsCountBytesRetriesAndVerificationFailures() {
        TestModel model = serve("metered", MIB, Faults.none().withDrops(300_000));
        Pulls.start(model.reference(), 202);
        Pulls.await(model.reference(), "completed", Duration.ofSeconds(60));
        String metrics = given().accept("text/plain").get("/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("download_bytes_total", "download_retries_total", "download_resumes_total",
                "download_verification_failures_total", "download_active_pulls", "download_throughput_bytes_per_second",
                "download_pulls_total{outcome=\"completed\"")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
        double bytes = metrics.lines().filter(l -> l.startsWith("download_bytes_total")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(bytes >= model.totalSize());
    }
}
