package io.codeagents.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.common.testing.ServiceProcess;
import io.codeagents.download.store.Digests;
import io.codeagents.download.testing.FaultRegistry;
import io.codeagents.download.testing.FaultRegistry.Faults;
import io.codeagents.download.testing.PartialFileAudit;
import io.codeagents.download.testing.TestModel;

/**
 * The packaged service is killed with SIGKILL five times while it pulls a 512 MiB model and started again each time:
 * the pull completes by itself, the digests match, and the registry served at most the model's size plus, per kill,
 * 8 MiB for every part in flight: what the part had not checkpointed (under 4 MiB), its 1 MiB copy buffer, and what sat
 * in the sockets, kept small on both ends (512 KiB asked, which the kernel doubles, plus one server chunk of 245 KiB).
 * With the kernel's default buffers (up to 4 MiB each way) the bytes lost in sockets alone could pass the bound.
 */
class PullSurvivesSigkillIT {

    private static final long MIB = 1024 * 1024;
    private static final int KILLS = 5;
    private static final int PARALLEL_PARTS = 4;
    private static final int SOCKET_BUFFER = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pullCompletesAfterFiveSigkillsWithinTheRefetchBound() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "sigkill-");
        TestModel model = TestModel.of("library", "big-coder", "q4", 512 * MIB, 42);
        try (FaultRegistry registry = new FaultRegistry(SOCKET_BUFFER)) {
            // 4 connections at 24 MiB/s: about 5 s of transfer, so every kill lands mid-pull
            registry.add(model, Faults.none().withRate(24 * MIB));
            Map<String, String> properties = new HashMap<>();
            properties.put("download.store.models-dir", work.resolve("models").toString());
            properties.put("download.registry.url", registry.url());
            properties.put("download.transfer.part-size", "64M");
            properties.put("download.transfer.parallel-parts", Integer.toString(PARALLEL_PARTS));
            properties.put("download.transfer.checkpoint", "4M");
            properties.put("download.transfer.receive-buffer", Integer.toString(SOCKET_BUFFER));
            properties.put("download.transfer.progress-interval", "200MS");
            properties.put("download.lock.lease", "2S");
            properties.put("download.lock.renew-every", "500MS");
            properties.put("download.lock.adopt-every", "500MS");
            properties.put("download.store.reserve", "64M");
            // its own schema, so nothing the @QuarkusTests left behind is adopted
            properties.put("quarkus.flyway.schemas", "download_it");
            properties.put("quarkus.hibernate-orm.database.default-schema", "download_it");
            try (ServiceRun service = new ServiceRun(properties)) {
                service.process.start(Map.of("quarkus.flyway.clean-disabled", "false", "quarkus.flyway.clean-at-start",
                        "true"));
                HttpResponse<String> accepted = service.process.call("POST", "/pulls",
                        "{\"model\":\"" + model.reference() + "\"}");
                assertEquals(202, accepted.statusCode(), accepted.body());

                List<String> findings = new ArrayList<>();
                long resumedAt = 0;
                for (int kill = 1; kill <= KILLS; kill++) {
                    // each run downloads something before it dies, however far the previous one got
                    long threshold = Math.max(kill * 64 * MIB, resumedAt + 16 * MIB);
                    JsonNode pull = service.awaitRunning(model.reference(),
                            p -> p.get("bytes_done").asLong() >= threshold, threshold + " bytes done");
                    service.process.kill();
                    System.out.printf("SIGKILL %d at %d MiB done (registry served %d MiB)%n", kill,
                            pull.get("bytes_done").asLong() / MIB, registry.bytesServed(model.modelDigest()) / MIB);
                    List<PartialFileAudit.PersistedPart> parts = PartialFileAudit.persistedParts("download_it",
                            model.modelDigest());
                    List<PartialFileAudit.Finding> found = PartialFileAudit.audit(work.resolve("models/partial")
                            .resolve(model.modelDigest().replace(':', '-') + "-partial"), model.weights(), parts);
                    System.out.printf("after SIGKILL %d: parts %s; findings %s%n", kill, parts, found);
                    int k = kill;
                    found.forEach(f -> findings.add("after SIGKILL " + k + ": " + f));
                    service.process.start(Map.of());
                    // the restarted service adopts the pull once the dead one's lease has expired
                    int resumes = kill;
                    resumedAt = service.awaitRunning(model.reference(), p -> p.get("resumes").asInt() >= resumes,
                            resumes + " resumes").get("bytes_done").asLong();
                }

                assertEquals(List.of(), findings, "the partial file after a kill");
                JsonNode done = service.awaitState(model.reference(), "completed", Duration.ofSeconds(240));
                assertTrue(done.get("resumes").asInt() >= KILLS, "resumes " + done.get("resumes"));
                Path models = work.resolve("models");
                for (String digest : model.blobs().keySet()) {
                    assertEquals(digest, Digests.sha256(models.resolve("blobs").resolve(digest.replace(':', '-'))));
                }
                assertEquals(model.manifest(),
                        Files.readString(models.resolve("manifests/registry.ollama.ai/library/big-coder/q4")));
                long served = registry.bytesServed(model.modelDigest());
                long bound = model.weights().length + (long) PARALLEL_PARTS * 8 * MIB * KILLS;
                System.out.printf("weights %d MiB, served %d MiB (%.1f MiB refetched over %d kills), bound %d MiB%n",
                        model.weights().length / MIB, served / MIB, (served - model.weights().length) / (double) MIB,
                        KILLS, bound / MIB);
                assertTrue(served <= bound, "served " + served + " bytes, bound " + bound);
            }
        }
    }

    /** The service under test and the API calls the test makes. */
    private static final class ServiceRun implements AutoCloseable {
        final ServiceProcess process;

        ServiceRun(Map<String, String> properties) {
            this.process = new ServiceProcess("sigkill-it", ServiceProcess.jarOf("download-service"), properties);
        }

        JsonNode pull(String model) throws IOException, InterruptedException {
            HttpResponse<String> response = process.call("GET", "/pulls/" + model, null);
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        }

        /** Waits for the pull to reach {@code condition} while it keeps running (and has not completed). */
        JsonNode awaitRunning(String model, Predicate<JsonNode> condition, String what)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode pull = pull(model);
                assertTrue(pull.get("state").asText().matches("starting|pulling_manifest|downloading"),
                        "the pull should still be running: " + pull);
                if (condition.test(pull)) {
                    return pull;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not " + what + ": " + pull(model));
        }

        JsonNode awaitState(String model, String state, Duration atMost) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            JsonNode pull = pull(model);
            while (System.nanoTime() < deadline && !state.equals(pull.get("state").asText())) {
                assertTrue(!pull.get("state").asText().matches("error|cancelled|reset"), "pull ended: " + pull);
                Thread.sleep(200);
                pull = pull(model);
            }
            assertEquals(state, pull.get("state").asText(), pull.toString());
            return pull;
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
